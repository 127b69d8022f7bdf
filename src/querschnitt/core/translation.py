"""Translated content: a JSON object of language code → text, with a visible fallback to German.

Municipalities choose their languages at run time, so translations live beside the text in one
JSON column instead of a column per language.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

FALLBACK_LANGUAGE = "de"


@dataclass(frozen=True)
class TranslatedText:
    """A text in one language, and whether it stands in for a missing translation."""

    text: str
    language: str
    is_fallback: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def language_name(self) -> str:
        """The name of the text's language in the active language ("Englisch" in German)."""
        from django.utils.translation import get_language_info

        try:
            return str(get_language_info(self.language)["name_translated"])
        except KeyError:
            return self.language

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def translate(value: dict[str, str] | None, language: str | None = None) -> TranslatedText:
    """Pick the text for `language` (default: the active one), else German, else any."""
    value = value or {}
    language = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    if text := value.get(language, "").strip():
        return TranslatedText(text, language, is_fallback=False)
    for candidate in (FALLBACK_LANGUAGE, *sorted(value)):
        if text := value.get(candidate, "").strip():
            return TranslatedText(text, candidate, is_fallback=True)
    return TranslatedText("", language, is_fallback=False)


def interface_language(code: str | None = None) -> str:
    """A language of the interface: `code` (default: the active language) if the platform
    speaks it, else German. For storing the language a person used, to write to them in it."""
    code = (code or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return code if code in {known for known, _name in settings.LANGUAGES} else FALLBACK_LANGUAGE


class TranslatedTextField(models.JSONField):
    """A text with one entry per language code, German first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
