#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry: KERN UX (CSS and fonts) and htmx.
# Usage: scripts/vendor-frontend.sh [kern-version] [htmx-version]
set -euo pipefail
KERN_VERSION=${1:-2.7.2}
HTMX_VERSION=${2:-2.0.11}
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
