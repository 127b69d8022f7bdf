"""Every interface text is translated in every catalogue: nothing untranslated, nothing fuzzy."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.translation import gettext, pgettext

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


@pytest.mark.parametrize("language", ["de", "ar", "fa", "tr", "uk"])
def test_a_text_has_one_translation_in_each_language(language: str) -> None:
    """Django merges every app's catalogue into one per language, in which the first app that
    translates a text wins for all of them: "state" was "Bundesland" in the measures and
    "Position" was "Funktion" in the monitoring's form. The same text means the same in every
    catalogue; where meanings differ, the text carries a context (`pgettext`)."""
    translations: dict[tuple[str, str], dict[str, str]] = {}
    for path in CATALOGUES:
        if path.parts[-3] != language:
            continue
        for entry in entries(path):
            if entry["msgid"]:
                key = (entry.get("msgctxt", ""), entry["msgid"])
                translations.setdefault(key, {})[entry["msgstr"]] = "/".join(path.parts[-6:-3])
    differing = {key: found for key, found in translations.items() if len(found) > 1}
    assert differing == {}


def test_words_of_several_meanings_are_translated_by_their_context() -> None:
    with translation.override("de"):
        assert pgettext("federal state", "state") == "Bundesland"  # of a municipality
        assert gettext("state") == "Stand"  # of a measure, an event, a registration …
        assert pgettext("order", "Position") == "Reihenfolge"  # of an indicator
        assert gettext("Position") == "Funktion"  # of a person in a body
        assert pgettext("seats", "Places") == "Plätze"  # of a registration
        assert gettext("Places") == "Orte"  # where bodies meet
        assert gettext("They are deleted.") == "Werden gelöscht."  # before an erasure
        assert gettext("Deleted.") == "Gelöscht."  # after a deletion


def view_classes(patterns: list[Any]) -> Iterator[type]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from view_classes(pattern.url_patterns)
        elif view_class := getattr(pattern.callback, "view_class", None):
            yield view_class


def test_texts_of_view_classes_follow_the_language_of_the_request() -> None:
    """A title or button label set on a view class is translated when the page is rendered
    (`gettext_lazy`), never once at import in whatever language was active then: the pages of
    a whole app showed German titles on English and Arabic pages that way."""
    fixed = sorted(
        f"{view.__module__}.{view.__qualname__}.{name}"
        for view in set(view_classes(get_resolver().url_patterns))
        for name in ("title", "intro", "submit_label", "success_message", "delete_label")
        if isinstance(value := getattr(view, name, None), str) and value
    )
    assert fixed == []
