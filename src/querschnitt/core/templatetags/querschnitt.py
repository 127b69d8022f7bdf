"""Template helpers used on every page; loaded as a builtin."""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe
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


@register.inclusion_tag("core/components/translated.html")
def translated_text(value: dict[str, str] | None, tag: str = "div") -> dict[str, Any]:
    """Render translated content with its own `lang` and `dir`, and say when it falls back."""
    return {"text": translate(value), "tag": tag}


@register.filter(name="without_bidi_controls", is_safe=True)
def without_bidi_controls_filter(value: str) -> str:
    """For plain text that cannot isolate a name, such as `<title>`: see core/text.py."""
    return without_bidi_controls(str(value))


@register.filter
def status_label(code: int) -> str:
    return {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        429: _("Too many attempts"),
        500: _("Server error"),
    }.get(code, "")


JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld_script(value: dict[str, Any]) -> SafeString:
    """A schema.org JSON-LD block, escaped so that no text can close the script element."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{data}</script>')
