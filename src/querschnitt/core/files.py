"""Uploaded files: their type judged by content, their size limited, their answer safe.

Every app that takes a file checks it with `upload_check` (the browser's claimed type and the
file name count for nothing) and serves it with `file_response`: the right type, `nosniff`, a
download disposition for anything but images, and a sandbox for what a browser opens inline.
Files go through Django's storage API (`default_storage`), on disk in the embedded setup and
in a bucket in production; `file_delete_on_commit` removes a replaced or deleted file once
the change that dropped it has committed.
"""

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    mime_type: str
    extension: str
    label: str
    is_image: bool = False


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG", is_image=True)
JPEG = FileType("image/jpeg", "jpg", "JPEG", is_image=True)
GIF = FileType("image/gif", "gif", "GIF", is_image=True)
WEBP = FileType("image/webp", "webp", "WebP", is_image=True)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
)
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", "ODT")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS")
CSV = FileType("text/csv", "csv", "CSV")
TEXT = FileType("text/plain", "txt", "Text")
JSON = FileType("application/json", "json", "JSON")
GEOJSON = FileType("application/geo+json", "geojson", "GeoJSON")
ICALENDAR = FileType("text/calendar", "ics", "iCalendar")

IMAGES = (PNG, JPEG, GIF, WEBP)
DOCUMENTS = (PDF, DOCX, ODT, XLSX, ODS)


def _zip_members(file: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(file) as archive:
            return {info.filename for info in archive.infolist()[:2000]}
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _zip_type(file: IO[bytes]) -> FileType | None:
    members = _zip_members(file)
    if "[Content_Types].xml" in members:
        if any(name.startswith("xl/") for name in members):
            return XLSX
        if any(name.startswith("word/") for name in members):
            return DOCX
    if "mimetype" in members:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            mimetype = archive.read("mimetype")[:100]
        for candidate in (ODT, ODS):
            if mimetype == candidate.mime_type.encode():
                return candidate
    return None


def _text_type(head: bytes) -> FileType | None:
    if b"\0" in head:
        return None
    try:
        # a multi-byte character may be cut at the end of the head
        text = head.decode("utf-8-sig", errors="strict" if len(head) < HEAD_BYTES else "ignore")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return None
    stripped = text.lstrip()
    if stripped.startswith("BEGIN:VCALENDAR"):
        return ICALENDAR
    if stripped.startswith(("{", "[")):
        return GEOJSON if '"FeatureCollection"' in text or '"Feature"' in text else JSON
    first_line = stripped.split("\n", 1)[0]
    if any(separator in first_line for separator in (";", ",", "\t")):
        return CSV
    return TEXT


def file_type(file: IO[bytes]) -> FileType | None:
    """What the file is by its content, or None when it is none of the known types."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    found: FileType | None
    if head.startswith(b"%PDF-"):
        found = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith((b"GIF87a", b"GIF89a")):
        found = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = WEBP
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_type(file)
    else:
        found = _text_type(head)
    file.seek(0)
    return found


def upload_check(file: IO[bytes], *, allowed: Iterable[FileType], max_bytes: int) -> FileType:
    """The type of an uploaded file, or a ValidationError that says what is wrong with it."""
    allowed = tuple(allowed)
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s are accepted.")
            % {"size": human_size(size), "limit": human_size(max_bytes)},
            code="too_large",
        )
    found = file_type(file)
    if found not in allowed:
        expected = ", ".join(dict.fromkeys(kind.label for kind in allowed))
        raise ValidationError(
            _("This file is not of an accepted type (%(expected)s); its content is %(found)s.")
            % {"expected": expected, "found": found.label if found else _("unknown")},
            code="wrong_type",
        )
    return found


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} B"


def safe_file_name(name: str, *, extension: str = "") -> str:
    """A file name for headers and storage: no path, no control or bidi characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .") or "file"
    stem, dot, current = name.rpartition(".")
    if extension and (not dot or current.lower() != extension):
        name = f"{name if not dot else stem}.{extension}"
    return name[-120:]


def upload_path(*, municipality_slug: str, area: str, name: str) -> str:
    """Where an upload is stored: per municipality and area, under an unguessable folder."""
    return f"{municipality_slug}/{area}/{uuid.uuid4().hex}/{safe_file_name(name)}"


def file_response(
    file: IO[bytes], *, file_name: str, mime_type: str, inline: bool = False
) -> FileResponse:
    """Serve a stored file: images inline, anything else as a download unless `inline` is
    asked for (then it opens in a sandbox: no script runs even if a browser would try)."""
    is_image = mime_type.startswith("image/") and mime_type != "image/svg+xml"
    as_attachment = not (is_image or inline)
    response = FileResponse(
        file,
        as_attachment=as_attachment,
        filename=safe_file_name(file_name),
        content_type=mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not is_image:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if not as_attachment:
        # FileResponse sets an inline disposition with the file name; keep it for saving.
        response["Cross-Origin-Resource-Policy"] = "same-site"
    return response


def file_delete_on_commit(name: str | None) -> None:
    """Remove a stored file once the transaction that stopped using it has committed."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
