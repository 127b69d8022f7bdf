"""Uploads judged by content, served safely; PDFs rendered without reaching the network."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pypdf import PdfReader

from querschnitt.core import files
from querschnitt.core.pdf import pdf_context, pdf_from_html, static_fetcher


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Name", "Ort"])
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n...", files.PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, files.PNG),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, files.JPEG),
        ("Name;Straße\nVerein;Hauptstr. 1\n".encode(), files.CSV),
        (b'{"type": "FeatureCollection", "features": []}', files.GEOJSON),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", files.ICALENDAR),
    ],
)
def test_the_type_comes_from_the_content(content: bytes, expected: files.FileType) -> None:
    assert files.file_type(io.BytesIO(content)) == expected


def test_an_xlsx_is_told_from_another_zip() -> None:
    assert files.file_type(io.BytesIO(xlsx_bytes())) == files.XLSX
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert files.file_type(other) is None


def test_a_renamed_file_is_refused_with_what_it_really_is() -> None:
    html = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 10)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        files.upload_check(html, allowed=[files.PDF], max_bytes=1000)
    assert "PNG" in raised.value.messages[0]
    assert "PDF" in raised.value.messages[0]


def test_size_limits_and_empty_files_are_refused_with_a_reason() -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="at most 1 kB"):
        files.upload_check(io.BytesIO(b"%PDF-" + b"x" * 2000), allowed=[files.PDF], max_bytes=1024)
    with translation.override("en"), pytest.raises(ValidationError, match="empty"):
        files.upload_check(io.BytesIO(b""), allowed=[files.PDF], max_bytes=1024)


def test_file_names_lose_paths_controls_and_bidi_tricks() -> None:
    assert files.safe_file_name("../../etc/passwd") == "passwd"
    assert files.safe_file_name("rechnung\u202efdp.exe", extension="pdf") == "rechnungfdp.pdf"
    assert files.safe_file_name("Protokoll 2026.PDF", extension="pdf") == "Protokoll 2026.PDF"


def test_documents_are_downloads_images_are_shown() -> None:
    document = files.file_response(
        io.BytesIO(b"%PDF-"), file_name="a.pdf", mime_type="application/pdf"
    )
    assert document["Content-Disposition"].startswith("attachment")
    assert document["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in document["Content-Security-Policy"]
    image = files.file_response(io.BytesIO(b"\x89PNG"), file_name="logo.png", mime_type="image/png")
    assert image["Content-Disposition"].startswith("inline")


def document(title: str, text: str, language: str) -> bytes:
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "core/pdf/base.html" %}{% block content %}'
        "<h1>{{ title }}</h1><p>{{ text }}</p>{% endblock %}"
    )
    return pdf_from_html(template.render({"title": title, "text": text} | pdf_context(language)))


def test_pdf_text_is_extractable_in_german_and_arabic() -> None:
    german = document("Tagesordnung", "Öffentlicher Teil", "de")
    arabic = document("جدول الأعمال", "الجزء العام", "ar")
    assert "Öffentlicher Teil" in PdfReader(io.BytesIO(german)).pages[0].extract_text()
    assert "الأعمال" in PdfReader(io.BytesIO(arabic)).pages[0].extract_text()


def test_pdf_refuses_addresses_outside_the_static_files() -> None:
    fetcher = static_fetcher()
    with pytest.raises(ValueError, match="only use static files"):
        fetcher.fetch("http://example.org/tracker.png")
    response = fetcher.fetch("https://querschnitt.invalid/static/core/pdf.css")
    assert response.read().startswith(b"/*")
