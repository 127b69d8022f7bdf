"""Files of papers, meetings and agenda items: checked by content, stored with a checksum,
their text read for search (in the background)."""

import hashlib
import io
from datetime import date
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.bodies.models import AgendaItem, File, Meeting, Paper
from querschnitt.bodies.search import paper_search_text_update
from querschnitt.bodies.services.changes import touch_parents_of, tracking_public
from querschnitt.core import files
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = files.DOCUMENTS
# Text longer than this is not kept (a scanned book would bloat the search index).
MAX_TEXT_CHARACTERS = 500_000


def pdf_check(content: bytes) -> int:
    """The number of pages of a readable PDF; a clear error for a damaged or locked one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password. Upload it without the protection."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            _("This PDF cannot be read; it seems damaged. Save it again and upload it anew."),
            code="damaged",
        ) from error
    if pages == 0:
        raise ValidationError(_("This PDF has no pages."), code="damaged")
    return pages


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page by page; pages without text (scans) give nothing."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    parts: list[str] = []
    length = 0
    try:
        reader = PdfReader(io.BytesIO(content))
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > MAX_TEXT_CHARACTERS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return ""
    return clean_text("\n".join(parts))[:MAX_TEXT_CHARACTERS]


# every control character but line break and tab
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def clean_text(text: str) -> str:
    """Without control characters (other than line breaks and tabs), as OParl wants."""
    return text.translate(CONTROL_CHARACTERS)


def _parent_fields(parent: Paper | Meeting | AgendaItem) -> dict[str, Any]:
    if isinstance(parent, Paper):
        return {"paper": parent}
    if isinstance(parent, Meeting):
        return {"meeting": parent}
    return {"agenda_item": parent}


def _check_role(parent: Paper | Meeting | AgendaItem, role: str) -> None:
    allowed = {
        Paper: {File.Role.MAIN, File.Role.AUXILIARY},
        Meeting: {
            File.Role.INVITATION,
            File.Role.RESULTS_PROTOCOL,
            File.Role.VERBATIM_PROTOCOL,
            File.Role.AUXILIARY,
        },
        AgendaItem: {File.Role.RESOLUTION, File.Role.AUXILIARY},
    }[type(parent)]
    if role not in allowed:
        raise ValidationError({"role": _("This kind of document does not belong here.")})


def _replaced(parent: Paper | Meeting | AgendaItem, role: str) -> File | None:
    """The file that a new one of this role replaces (one main document, one set of minutes …)."""
    if role == File.Role.AUXILIARY:
        return None
    return File.objects.filter(**_parent_fields(parent), role=role).first()


@transaction.atomic
def file_add(
    *,
    parent: Paper | Meeting | AgendaItem,
    by: Any,
    upload: IO[bytes],
    file_name: str,
    name: str,
    role: str,
    public: bool = True,
    file_date: date | None = None,
    known_text: str | None = None,
) -> File:
    """Attach a document. Its type is judged by content; a PDF must be readable. A main
    document, minutes, an invitation or a resolution replaces the one before it. The text is
    read in the background (`bodies.tasks.file_read_text`), unless the platform made the PDF
    itself and passes its text as `known_text`."""
    municipality: Municipality = parent.municipality
    _check_role(parent, role)
    kind = files.upload_check(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)
    upload.seek(0)
    content = upload.read()
    if kind == files.PDF:
        pdf_check(content)
    safe_name = files.safe_file_name(file_name, extension=kind.extension)
    record = File(
        municipality=municipality,
        name=name.strip() or safe_name,
        file_name=safe_name,
        mime_type=kind.mime_type,
        size=len(content),
        sha512=hashlib.sha512(content).hexdigest(),
        text=clean_text(known_text or "")[:MAX_TEXT_CHARACTERS],
        text_state=(
            File.TextState.NONE
            if kind != files.PDF
            else File.TextState.PENDING
            if known_text is None
            else File.TextState.DONE
        ),
        date=file_date,
        public=public,
        role=role,
        **_parent_fields(parent),
    )
    # the file it replaces is still there: the one-per-meeting rule is kept by replacing it
    record.full_clean(exclude=["file"], validate_constraints=False)
    return _store(record=record, content=content, by=by, parent=parent)


def _store(*, record: File, content: bytes, by: Any, parent: Paper | Meeting | AgendaItem) -> File:
    from querschnitt.bodies.tasks import file_read_text

    municipality = record.municipality
    replaced = _replaced(parent, record.role)
    stored = default_storage.save(
        files.upload_path(
            municipality_slug=municipality.slug, area="bodies", name=record.file_name
        ),
        ContentFile(content),
    )
    try:
        affected = {"File": {replaced.pk} if replaced else set()}
        with tracking_public(municipality=municipality, affected=affected) as affected:
            if replaced is not None:
                files.file_delete_on_commit(replaced.file.name)
                replaced.delete()
            record.file.name = stored
            record.save()
            affected["File"].add(record.pk)
    except Exception:
        default_storage.delete(stored)
        raise
    touch_parents_of(record)
    audit_record(
        municipality=municipality,
        actor=by,
        action="file.replaced" if replaced else "file.added",
        target=record,
        changes={"role": record.role, "parent": str(parent)},
    )
    if record.text_state == File.TextState.PENDING:
        file_read_text.enqueue(file_id=record.pk)
    if record.paper_id and record.text_state != File.TextState.PENDING:
        paper_search_text_update(parent)  # type: ignore[arg-type]
    return record


def file_read_text_now(*, file: File) -> File:
    """Read the text of a stored PDF and make its paper findable by it."""
    with file.file.open("rb") as stored:
        content = stored.read()
    file.text = pdf_text(content)
    file.text_state = File.TextState.DONE if file.text.strip() else File.TextState.NONE
    file.save(update_fields=["text", "text_state", "modified_at"])
    if file.paper_id:
        paper_search_text_update(file.paper)  # type: ignore[arg-type]
    return file


@transaction.atomic
def file_update(*, file: File, by: Any, name: str, public: bool, file_date: date | None) -> File:
    """Rename a document or change whether the public sees it."""
    with tracking_public(municipality=file.municipality, affected={"File": {file.pk}}):
        file.name, file.public, file.date = name.strip() or file.file_name, public, file_date
        file.full_clean()
        file.save()
    touch_parents_of(file)
    if file.paper_id:
        paper_search_text_update(file.paper)  # type: ignore[arg-type]
    audit_record(municipality=file.municipality, actor=by, action="file.updated", target=file)
    return file


@transaction.atomic
def file_delete(*, file: File, by: Any) -> None:
    municipality = file.municipality
    with tracking_public(municipality=municipality, affected={"File": {file.pk}}):
        audit_record(municipality=municipality, actor=by, action="file.deleted", target=file)
        files.file_delete_on_commit(file.file.name)
        file.delete()
    touch_parents_of(file)
    if file.paper_id:
        paper_search_text_update(Paper.objects.get(pk=file.paper_id))
