"""`{% translate %}` of core/translate_tag.py gives what Django's gave: every tag written in the
project's templates, and every other form of the tag, in every language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine, Library
from django.templatetags import i18n
from django.utils import translation

from querschnitt.core.translate_tag import LiteralTranslateNode

SOURCE = Path(settings.BASE_DIR) / "src" / "querschnitt"
# Django's own library as it was (the core app puts the cheaper tag into it), for this module's
# engine `DJANGO`
register = Library()
register.tags.update(i18n.register.tags)
register.tags["translate"] = register.tags["trans"] = i18n.do_translate
DJANGO = Engine(libraries={"i18n": __name__})
OURS = Engine(libraries={"i18n": "django.templatetags.i18n"})
WRITTEN = sorted(
    {
        tag
        for path in SOURCE.rglob("*.html")
        for tag in re.findall(r"\{% (?:translate|trans) [^%]*?%\}", path.read_text())
    }
)
FORMS = [
    '{% translate "Staff area" %}',
    "{% trans 'Audit trail' %}",
    '{% translate "100 % done, 50%% left, %(name)s" %}',
    '{% translate "" %}',
    '{% translate "<b>&amp;</b>" %}',
    '{% translate "Staff area" noop %}',
    '{% translate "Staff area" as label %}[{{ label }}]',
    '{% translate "May" context "month name" %}',
    '{% translate "Staff area"|upper %}',
    '{% translate "Staff area"|lower as label %}{{ label }}',
    "{% translate text %}",
    "{% translate text as label %}{{ label }}",
    '{% translate "Staff area" context kind %}',
    '{% autoescape off %}{% translate "<i>" %}{% translate text %}{% endautoescape %}',
    '{% translate "Menu" %}{% blocktranslate %}Menu{% endblocktranslate %}',
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def rendered(engine: Engine, source: str) -> str:
    context = Context({"text": "Staff area <&> 5 %", "kind": "month name"})
    return engine.from_string("{% load i18n %}" + source).render(context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_tag_gives_what_djangos_gave(language: str) -> None:
    assert len(WRITTEN) > 500
    with translation.override(language):
        for source in [*WRITTEN, *FORMS]:
            assert rendered(OURS, source) == rendered(DJANGO, source), source


def test_the_pages_use_the_tag() -> None:
    from django.template import engines

    page = engines["django"].from_string('{% load i18n %}{% translate "Menu" %}')
    assert isinstance(page.template.nodelist[-1], LiteralTranslateNode)  # type: ignore[attr-defined]
    assert not any(
        isinstance(node, LiteralTranslateNode)
        for node in DJANGO.from_string('{% load i18n %}{% translate "Menu" %}').nodelist
    )
