"""Every interface text is translated in every catalogue: nothing untranslated, nothing fuzzy."""

from pathlib import Path

import pytest

import querschnitt

CATALOGUES = sorted(Path(querschnitt.__file__).parent.glob("**/locale/*/LC_MESSAGES/django.po"))


def entries(path: Path) -> list[dict[str, str]]:
    """The entries of a PO file: flags, msgid and msgstr (plural forms joined)."""
    found: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                found.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] = entry.get(field, "") + line[1:-1]
        else:
            keyword, _space, value = line.partition(" ")
            field = "msgstr" if keyword.startswith("msgstr") else keyword
            entry[field] = (
                entry.get(field, "")
                + ("\0" if field == "msgstr" and keyword.startswith("msgstr[") else "")
                + value[1:-1]
            )
    return found


def test_there_are_catalogues_for_every_app_language() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == {"de", "ar", "fa", "tr", "uk"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: "/".join(p.parts[-5:-2]))
def test_catalogue_is_complete(path: Path) -> None:
    problems = []
    for entry in entries(path):
        if entry["msgid"] == "":
            continue
        if "fuzzy" in entry.get("flags", ""):
            problems.append(f"fuzzy: {entry['msgid']!r}")
        elif not entry.get("msgstr", "").strip("\0"):
            problems.append(f"untranslated: {entry['msgid']!r}")
        elif "\0\0" in entry["msgstr"] or entry["msgstr"].endswith("\0"):
            problems.append(f"a plural form untranslated: {entry['msgid']!r}")
    assert problems == []
