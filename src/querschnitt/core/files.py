"""Uploaded files: their type judged by content, their size limited, their answer safe.

Every app that takes a file checks it with `upload_check` (the browser's claimed type and the
file name count for nothing), stores it under `upload_path` (a model field takes
`upload_to=UploadTo("logos")`) and serves it from a view that finds its object through the
tenant, with `stored_file_response`: from disk with the right type, `nosniff`, a download
disposition for anything but images and a sandbox for what a browser opens inline; from a
bucket (S3) by a redirect to a short-lived signed address that carries the same type and
disposition. Files go through Django's storage API (`default_storage`): on disk in the
embedded setup, in a bucket in production. A file that a model field no longer names (the
row was deleted, or the field got another file) is removed once the change has committed
(`track_file_fields`, connected for every model in `CoreConfig.ready`);
`file_delete_on_commit` does the same for files outside model fields.
"""

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
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
KNOWN_TYPES = (PDF, *IMAGES, XLSX, DOCX, ODT, ODS, CSV, TEXT, JSON, GEOJSON, ICALENDAR)


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


def image_check(file: IO[bytes], *, max_side: int = 4096) -> tuple[int, int]:
    """Width and height of an image that Pillow can read, or a ValidationError: a file that
    only starts like an image, or one that would unpack to a huge bitmap, is refused."""
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width > max_side or height > max_side:
                raise ValidationError(
                    _("The image is %(width)d × %(height)d pixels; at most %(side)d × %(side)d.")
                    % {"width": width, "height": height, "side": max_side},
                    code="too_large",
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The image cannot be read."), code="unreadable") from error
    finally:
        file.seek(0)
    return width, height


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


@deconstructible
class UploadTo:
    """`upload_to` of a file field of a tenant model: `upload_path` under the row's
    municipality, e.g. `FileField(upload_to=UploadTo("logos"))`."""

    def __init__(self, area: str) -> None:
        self.area = area

    def __call__(self, instance: models.Model, filename: str) -> str:
        slug = instance.municipality.slug  # type: ignore[attr-defined]
        return upload_path(municipality_slug=slug, area=self.area, name=filename)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadTo) and other.area == self.area


def type_of_name(name: str) -> FileType | None:
    """The type a stored file has by its extension (given by `upload_check` when stored)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = {"jpeg": "jpg"}.get(extension, extension)
    return next((kind for kind in KNOWN_TYPES if kind.extension == extension), None)


def is_local(storage: Storage) -> bool:
    return isinstance(storage, FileSystemStorage)


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


def stored_file_response(
    name: str,
    *,
    file_name: str,
    mime_type: str,
    inline: bool = False,
    storage: Storage | None = None,
) -> HttpResponseBase:
    """Serve a file from the storage: on disk through `file_response`; from a bucket by a
    redirect to a signed address valid for a few minutes (`QS_S3_URL_SECONDS`), which tells
    the bucket the type and disposition to answer with."""
    storage = storage or default_storage
    if is_local(storage):
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError as error:
            from django.http import Http404

            raise Http404 from error
        return file_response(handle, file_name=file_name, mime_type=mime_type, inline=inline)
    is_image = mime_type.startswith("image/") and mime_type != "image/svg+xml"
    disposition = "inline" if is_image or inline else "attachment"
    url = storage.url(  # type: ignore[call-arg]
        name,
        parameters={
            "ResponseContentType": mime_type,
            "ResponseContentDisposition": f'{disposition}; filename="{safe_file_name(file_name)}"',
        },
    )
    response = HttpResponseRedirect(url)
    # The signed address expires; neither the browser nor a proxy may keep the redirect longer.
    response["Cache-Control"] = "private, no-store"
    return response


def file_delete_on_commit(name: str | None, storage: Storage | None = None) -> None:
    """Remove a stored file once the transaction that stopped using it has committed."""
    if name:
        chosen = storage or default_storage
        transaction.on_commit(lambda: chosen.delete(name))


# Replaced and deleted files ----------------------------------------------------------------

_NAMES = "_qs_stored_files"


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _remember(instance: models.Model, fields: list[models.FileField]) -> None:
    # The raw value, not the field's descriptor: that would wrap it in a FieldFile for each of
    # the hundred rows a list reads. A name (or None) as loaded; a File assigned since.
    instance.__dict__[_NAMES] = {
        field.attname: getattr(value, "name", value)
        for field in fields
        if (value := instance.__dict__.get(field.attname, _NAMES)) is not _NAMES
    }


def track_file_fields(model: type[models.Model]) -> None:
    """Remove a model's stored files when a row stops naming them: after a save that put
    another file (or none) in the field, and after the row's deletion, once committed."""
    fields = _file_fields(model)
    if not fields:
        return

    def loaded(sender: type, instance: models.Model, **kwargs: object) -> None:
        _remember(instance, fields)

    def saved(sender: type, instance: models.Model, **kwargs: object) -> None:
        before = instance.__dict__.get(_NAMES, {})
        for field in fields:
            if field.attname not in instance.__dict__:  # deferred: not loaded, not changed
                continue
            old = before.get(field.attname)
            if old and old != getattr(instance, field.attname).name:
                file_delete_on_commit(old, field.storage)
        _remember(instance, fields)

    def deleted(sender: type, instance: models.Model, **kwargs: object) -> None:
        before = instance.__dict__.get(_NAMES, {})
        for field in fields:
            loaded = field.attname in instance.__dict__
            name = getattr(instance, field.attname).name if loaded else before.get(field.attname)
            if name:
                file_delete_on_commit(name, field.storage)

    uid = f"qs-files-{model._meta.label_lower}"
    post_init.connect(loaded, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
