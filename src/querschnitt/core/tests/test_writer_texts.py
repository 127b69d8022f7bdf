"""Interface texts that Python markup writers put into HTML unescaped hold no markup characters.

The row and section writers (modules that build markup in Python and mark it safe) insert
many translated texts as they are, where a template's `{% translate %}` would escape them.
That is right only while no text, in no language, holds `<`, `>`, `&` or `"`: one translator
writing `"` into a title attribute's text would break the page. This test reads every such
module, finds the texts it translates without `escape()` around them, and checks their
translations in every interface language. A text that needs one of those characters is
escaped where it is written into markup (`escape(_("…"))`), and then this test leaves it be.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SOURCE = Path(__file__).resolve().parents[2]
MARKUP_CHARACTERS = set('<>&"')
TRANSLATING = {"_", "gettext", "_lazy", "gettext_lazy"}
TRANSLATING_PLURAL = {"ngettext", "ngettext_lazy"}
ESCAPING = {"escape", "conditional_escape"}


def writer_modules() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and ("mark_safe" in (text := path.read_text()) or "SafeString(" in text)
    )


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def unescaped_texts(path: Path) -> set[tuple[str, str | None]]:
    """(singular, plural) of every literal text translated in `path` outside `escape()`."""
    tree = ast.parse(path.read_text())
    escaped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) in ESCAPING:
            escaped.update(id(argument) for argument in node.args)
    texts: set[tuple[str, str | None]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in escaped:
            continue
        literals = [
            arg.value
            for arg in node.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        if _name(node) in TRANSLATING and literals:
            texts.add((literals[0], None))
        elif _name(node) in TRANSLATING_PLURAL and len(literals) >= 2:
            texts.add((literals[0], literals[1]))
    return texts


def test_the_writers_are_found() -> None:
    found = {path.relative_to(SOURCE).as_posix() for path in writer_modules()}
    assert {"bodies/rows.py", "network/directory_markup.py", "events/rows.py"} <= found
    assert sum(len(unescaped_texts(path)) for path in writer_modules()) > 50


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_unescaped_text_holds_markup_characters(language: str) -> None:
    offending: set[str] = set()
    with translation.override(language):
        for path in writer_modules():
            for singular, plural in sorted(unescaped_texts(path)):
                shown = (
                    [translation.ngettext(singular, plural, count) for count in (1, 2, 5)]
                    if plural
                    else [translation.gettext(singular)]
                )
                for text in [singular, *shown]:
                    if MARKUP_CHARACTERS & set(text):
                        offending.add(f"{path.relative_to(SOURCE)}: {singular!r} → {text!r}")
    assert not offending, "escape these where they are written into markup:\n" + "\n".join(
        sorted(offending)
    )
