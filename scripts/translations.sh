#!/usr/bin/env bash
# Keep the translation catalogues in step with the code (docs/translating.md).
#   bash scripts/translations.sh          extract kiosk.pot from the code, update every .po
#   bash scripts/translations.sh init LL  start a catalogue for a new language LL
# Translators then fill in viewer/locale/<LL>/LC_MESSAGES/kiosk.po (Poedit, Weblate...).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
POT=viewer/locale/kiosk.pot
KEYWORDS=(-k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2)
"$PY" -m babel.messages.frontend extract -F babel.cfg "${KEYWORDS[@]}" \
    --no-default-keywords --add-comments=Translators: --sort-by-file --add-location=file \
    --project=patient-kiosk --copyright-holder="The patient-kiosk authors" \
    -o "$POT" viewer
if [[ "${1:-}" == init ]]; then
    "$PY" -m babel.messages.frontend init -D kiosk -i "$POT" -d viewer/locale -l "$2"
    exit 0
fi
for po in viewer/locale/*/LC_MESSAGES/kiosk.po; do
    lang=$(basename "$(dirname "$(dirname "$po")")")
    "$PY" -m babel.messages.frontend update -D kiosk -i "$POT" -d viewer/locale -l "$lang" \
        --no-fuzzy-matching --ignore-obsolete
done
