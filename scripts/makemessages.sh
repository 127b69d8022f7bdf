#!/usr/bin/env bash
# Update the interface catalogues: one per app (src/querschnitt/<app>/locale/), plus the
# project's own for what lies outside the apps (settings, API). Translate the new entries,
# then `make messages` compiles them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
languages=(-l de -l ar -l fa -l tr -l uk)
apps=()
for config in src/querschnitt/*/apps.py; do
  app=$(basename "$(dirname "$config")")
  apps+=("$app")
  (cd "src/querschnitt/$app" && mkdir -p locale &&
    "$root/.venv/bin/python" "$root/manage.py" makemessages "${languages[@]}" --no-obsolete -v0)
done
ignore=()
for app in "${apps[@]}"; do ignore+=(--ignore="$app/*"); done
(cd src/querschnitt && "$root/.venv/bin/python" "$root/manage.py" makemessages \
  "${languages[@]}" --no-obsolete -v0 "${ignore[@]}")
