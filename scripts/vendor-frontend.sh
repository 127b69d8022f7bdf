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
cp kern/package/dist/fonts/fira-sans.css "$target/kern/fonts/"
# Only the weights the stylesheet uses: 400, 500, 600, 700 and their italics.
for weight in Regular Italic Medium MediumItalic SemiBold SemiBoldItalic Bold BoldItalic; do
  cp "kern/package/dist/fonts/fira-sans/FiraSans-$weight.woff2" "$target/kern/fonts/fira-sans/"
done
python3 - "$target/kern/fonts/fira-sans.css" <<'PY'
import re, sys, pathlib
path = pathlib.Path(sys.argv[1])
css = path.read_text()
blocks = re.findall(r"@font-face\s*{[^}]*}", css)
keep = [b for b in blocks if re.search(r"FiraSans-(Regular|Italic|Medium|MediumItalic|SemiBold|SemiBoldItalic|Bold|BoldItalic)\.woff2", b)]
path.write_text("\n\n".join(keep) + "\n")
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
