"""PDF documents from HTML templates, with WeasyPrint.

    pdf_bytes = render_pdf("bodies/pdf/agenda.html", {"meeting": meeting}, language="de")

The template extends `core/pdf/base.html` (A4, page numbers, the platform's fonts, direction
from the language, so Arabic and Persian set right to left). WeasyPrint may read only the
project's static files: any other address in the document is refused, so a document never
reaches the network and never reads a file outside the static files.
"""

import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation

STATIC_PREFIX = "/static/"
BASE_URL = "https://querschnitt.invalid/"


def static_fetcher() -> Any:
    """A WeasyPrint URL fetcher that answers from the static files and refuses the rest."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = url.removeprefix(BASE_URL.rstrip("/"))
            if not path.startswith(STATIC_PREFIX):
                raise ValueError(f"PDF documents may only use static files, not {url}")
            name = path.removeprefix(STATIC_PREFIX)
            found = finders.find(name)
            if found and not isinstance(found, list):
                with open(found, "rb") as file:
                    content = file.read()
            # In production `{% static %}` names the collected file with its hash in the name,
            # which only the storage knows (the finders know the source files).
            elif staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as file:
                    content = file.read()
            else:
                raise ValueError(f"No static file {path}")
            mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, content, {"Content-Type": mime_type})

    return StaticFilesOnly()


def render_pdf(template_name: str, context: dict[str, Any], *, language: str = "de") -> bytes:
    """The template rendered in the language, as PDF bytes."""
    with translation.override(language):
        html = render_to_string(template_name, context | pdf_context(language))
    return pdf_from_html(html)


def pdf_context(language: str) -> dict[str, str]:
    """What `core/pdf/base.html` needs besides the document's own context."""
    return {"pdf_language": language, "pdf_direction": direction(language)}


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_fetcher()).write_pdf()


def direction(language: str) -> str:
    from django.conf import settings

    return "rtl" if language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"
