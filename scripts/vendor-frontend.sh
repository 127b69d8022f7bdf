#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry: KERN UX (CSS and fonts), htmx and
# Leaflet (the directory's map).
# Usage: scripts/vendor-frontend.sh [kern-version] [htmx-version] [leaflet-version]
set -euo pipefail
KERN_VERSION=${1:-2.7.2}
HTMX_VERSION=${2:-2.0.11}
LEAFLET_VERSION=${3:-1.9.4}
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/src/querschnitt/core/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@kern-ux/native@$KERN_VERSION" >/dev/null
npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null
mkdir kern htmx
tar xzf kern-ux-native-*.tgz -C kern
tar xzf htmx.org-*.tgz -C htmx
rm -rf "$target/kern" "$target/htmx"
mkdir -p "$target/kern/fonts/fira-sans" "$target/htmx"
cp kern/package/dist/kern.min.css kern/package/LICENSE.md "$target/kern/"
# Only the faces the stylesheets use (400, 500, 600, 700 and 400 italic; other italics are
# synthesised), each cut into a Latin and a Cyrillic subset: the browser loads a subset only
# for the characters a page shows, and a Latin file is a fifth of the whole font. The faces
# swap in when loaded (the text is readable at once in the fallback font).
"$root/.venv/bin/python" - "kern/package/dist/fonts/fira-sans" "$target/kern/fonts" <<'PY'
import sys
from pathlib import Path

from fontTools import subset

source, target = Path(sys.argv[1]), Path(sys.argv[2])
faces = [("Regular", 400, "normal"), ("Italic", 400, "italic"), ("Medium", 500, "normal"),
         ("SemiBold", 600, "normal"), ("Bold", 700, "normal")]
ranges = {
    "latin": "U+0000-024F, U+0259, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0300-0304, "
             "U+0308-0309, U+0323, U+0327-0329, U+1E9E, U+2000-206F, U+20AC, U+2122, "
             "U+2190-2193, U+2212, U+2215, U+FEFF, U+FFFD",
    "cyrillic": "U+0400-052F, U+1C80-1C88, U+2116, U+A640-A69F",
}
rules = []
for style, weight, slant in faces:
    for name, unicodes in ranges.items():
        file_name = f"FiraSans-{style}-{name}.woff2"
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False  # screens of today render without TrueType hints
        font = subset.load_font(str(source / f"FiraSans-{style}.woff2"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes.replace(" ", "")))
        subsetter.subset(font)
        subset.save_font(font, str(target / "fira-sans" / file_name), options)
        rules.append(
            "@font-face {\n"
            "  font-family: 'Fira Sans';\n"
            f"  src: url(\"./fira-sans/{file_name}\") format('woff2');\n"
            f"  font-weight: {weight};\n  font-style: {slant};\n  font-display: swap;\n"
            f"  unicode-range: {unicodes};\n}}"
        )
(target / "fira-sans.css").write_text(
    "/* Fira Sans (SIL OFL 1.1) from KERN UX, subset by scripts/vendor-frontend.sh. */\n"
    + "\n".join(rules) + "\n"
)
PY
cp htmx/package/dist/htmx.min.js htmx/package/LICENSE "$target/htmx/"
printf 'kern %s\nhtmx %s\n' "$KERN_VERSION" "$HTMX_VERSION" > "$target/VERSIONS"
echo "Vendored KERN UX $KERN_VERSION and htmx $HTMX_VERSION into $target"

# Leaflet (BSD-2-Clause) for the map of the directory; only its dist files and licence.
leaflet_target="$root/src/querschnitt/network/static/network/vendor/leaflet"
npm pack --silent "leaflet@$LEAFLET_VERSION" >/dev/null
mkdir leaflet
tar xzf leaflet-*.tgz -C leaflet
rm -rf "$leaflet_target"
mkdir -p "$leaflet_target/images"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css leaflet/package/LICENSE "$leaflet_target/"
cp leaflet/package/dist/images/*.png "$leaflet_target/images/"
# The source map is not shipped; the reference to it would break collectstatic's manifest.
sed -i '/sourceMappingURL=/d' "$leaflet_target/leaflet.js"
printf 'leaflet %s\n' "$LEAFLET_VERSION" > "$leaflet_target/../VERSIONS"
echo "Vendored Leaflet $LEAFLET_VERSION into $leaflet_target"
