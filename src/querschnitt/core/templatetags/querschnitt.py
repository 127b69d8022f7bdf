"""Template helpers used on every page; loaded as a builtin."""

import datetime
import json
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template import Engine, defaultfilters
from django.template.base import Node, NodeList, Parser, Token
from django.template.defaultfilters import linebreaks_filter, truncatechars, urlize
from django.template.loader import get_template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.chrome import do_chrome
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.text import without_bidi_controls
from querschnitt.core.translation import TranslatedText, translate

register = template.Library()
register.tag("chrome", do_chrome)


@register.simple_tag(takes_context=True)
def murl(context: template.Context, viewname: str, **kwargs: Any) -> str:
    """`{% murl "portal:start" %}`: a URL of the current municipality."""
    return municipality_reverse(context["municipality"], viewname, **kwargs)


@register.filter
def translated(value: dict[str, str] | None) -> TranslatedText:
    return translate(value)


@register.simple_tag
def translated_text(value: dict[str, str] | None, tag: str = "div") -> SafeString:
    """Render translated content with its own `lang` and `dir`, and say when it falls back."""
    text = translate(value)
    if not text:
        return mark_safe("\n")
    note = (
        get_template("core/components/fallback_note.html").render({"text": text})
        if text.is_fallback
        else ""
    )
    return format_html(
        '<{} class="qs-translated" lang="{}" dir="{}">{}</{}>{}\n',
        tag,
        text.language,
        text.direction,
        paragraphs_with_links(text.text),
        tag,
        mark_safe(note),
    )


@lru_cache(maxsize=1024)
def paragraphs_with_links(text: str) -> SafeString:
    """`text|linebreaks|urlize`, escaped: the same markup for the same text, so that a page's
    long texts (a declaration, a description) are not taken apart again on every request."""
    return urlize(linebreaks_filter(text, autoescape=True), autoescape=True)


@register.filter(name="without_bidi_controls", is_safe=True)
def without_bidi_controls_filter(value: str) -> str:
    """For plain text that cannot isolate a name, such as `<title>`: see core/text.py."""
    return without_bidi_controls(str(value))


# The meta description's length, as `truncatechars:200` cut it.
DESCRIPTION_LENGTH = 200


def description_text(markup: str) -> str:
    """`markup|striptags|truncatechars:200`, without the HTML parser for text without a tag and
    without the truncation's walk (and its translated ellipsis) for text short enough: the
    meta description of every page."""
    text = strip_tags(markup) if "<" in markup else markup
    normal = unicodedata.normalize("NFC", text)
    # truncatechars counts the characters that do not combine: never more than the length
    if len(normal) <= DESCRIPTION_LENGTH:
        return normal
    return _cut(text, get_language())


@lru_cache(maxsize=1024)
def _cut(text: str, language: str | None) -> str:
    """`text|truncatechars:200` in `language` (the ellipsis is translated): a page's long
    description (an office's, an event's, an organisation's) is cut once, not on every request."""
    return truncatechars(text, DESCRIPTION_LENGTH)


class PlainTextNode(Node):
    """`{% filter … %}` with one function called directly (no context push, no lookup)."""

    def __init__(self, nodelist: NodeList, function: Callable[[str], str]) -> None:
        self.nodelist = nodelist
        self.function = function

    def render(self, context: template.Context) -> SafeString:
        return mark_safe(self.function(self.nodelist.render(context)))


def plain_text_tag(name: str, function: Callable[[str], str]) -> None:
    def compile_tag(parser: Parser, token: Token) -> PlainTextNode:
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return PlainTextNode(nodelist, function)

    register.tag(name, compile_tag)


# `{% page_title %}…{% endpage_title %}`: `{% filter without_bidi_controls %}`
plain_text_tag("page_title", lambda markup: without_bidi_controls(str(markup)))
# `{% meta_description %}…{% endmeta_description %}`: `{% filter striptags|truncatechars:200 %}`
plain_text_tag("meta_description", description_text)


MESSAGES_TEMPLATE = "core/components/messages.html"


@register.simple_tag(takes_context=True)
def shown_messages(context: template.Context) -> SafeString:
    """`{% include "core/components/messages.html" %}`, without finding, binding and rendering
    the template on the pages (nearly all) that have no message to show."""
    if not context.get("messages"):
        return mark_safe("\n")  # what the template gives without messages
    return mark_safe(Engine.get_default().get_template(MESSAGES_TEMPLATE).render(context))


@register.filter
def status_label(code: int) -> str:
    return {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        429: _("Too many attempts"),
        500: _("Server error"),
    }.get(code, "")


JSON_SCRIPT_ESCAPES = {">": "\\u003E", "<": "\\u003C", "&": "\\u0026"}


@register.filter
def json_ld_script(value: dict[str, Any]) -> SafeString:
    """A schema.org JSON-LD block, escaped so that no text can close the script element."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # three replaces: `str.translate` with a table looks every character up (0.5 ms a page)
    for character, escaped in JSON_SCRIPT_ESCAPES.items():
        data = data.replace(character, escaped)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')


@register.filter("date", expects_localtime=True, is_safe=False)
def date_remembered(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter (this builtin takes its name), remembering what it answered: a
    list shows a date or two per row (20 µs each), and the same rows to every visitor."""
    return date_in(value, arg, get_language())


def date_in(value: Any, arg: str | None, language: str | None) -> str:
    """`date_remembered` with the active language looked up by the caller: once for the
    dates of a whole list instead of once a date."""
    if isinstance(value, datetime.date):
        fold = value.fold if isinstance(value, datetime.datetime) else 0
        tzinfo = value.tzinfo if isinstance(value, datetime.datetime) else None
        try:
            return _date(value, type(value).__name__, tzinfo, fold, arg, language)
        except TypeError:  # an argument that cannot be a key
            pass
    return defaultfilters.date(value, arg)


@lru_cache(maxsize=4096)
def _date(
    value: datetime.date,
    kind: str,
    tzinfo: datetime.tzinfo | None,
    fold: int,
    arg: str | None,
    language: str | None,
) -> str:
    # Equal values of another kind, zone or fold print differently: they are part of the key.
    return defaultfilters.date(value, arg)
