"""Template helpers of the start page: its municipality's description, the same text on every
request, written once."""

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def linebreaks_kept(value: Any, autoescape: bool = True) -> SafeString:
    """`value|linebreaks`, remembered by text."""
    return _linebreaks(str(value), autoescape and not isinstance(value, SafeData))


@lru_cache(maxsize=256)
def _linebreaks(text: str, autoescape: bool) -> SafeString:
    return mark_safe(linebreaks(text, autoescape))  # escaped by `linebreaks` unless safe
