"""Minutes of the public part, made from what the office recorded."""

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Attendance, File, Meeting
from querschnitt.bodies.selectors.meetings import meeting_agenda, meeting_attendance
from querschnitt.bodies.services.files import file_add, pdf_text
from querschnitt.bodies.visibility import OFFICE
from querschnitt.core.pdf import render_pdf


@transaction.atomic
def meeting_minutes_generate(*, meeting: Meeting, by: Any) -> File:
    """The minutes of the public part as a PDF (attendance, results, resolutions), attached as
    the meeting's minutes; they replace earlier minutes."""
    if meeting.start > timezone.now():
        raise ValidationError(_("Minutes can be made once the meeting has taken place."))
    items = [item for item in meeting_agenda(meeting=meeting, viewer=OFFICE) if item.public]
    if not any(item.result for item in items):
        raise ValidationError(_("Record the results of the public items first."))
    attendance = meeting_attendance(meeting=meeting)
    content = render_pdf(
        "bodies/pdf/minutes.html",
        {
            "meeting": meeting,
            "items": items,
            "present": [a.person.name for a in attendance if a.status == Attendance.Status.PRESENT],
            "excused": [a.person.name for a in attendance if a.status == Attendance.Status.EXCUSED],
        },
        language=settings.LANGUAGE_CODE,
    )
    day = timezone.localtime(meeting.start).date()
    return file_add(
        parent=meeting,
        by=by,
        upload=io.BytesIO(content),
        file_name=f"Niederschrift-{day.isoformat()}.pdf",
        name=_("Minutes (public part)"),
        role=File.Role.RESULTS_PROTOCOL,
        public=meeting.body.is_public,
        file_date=timezone.localdate(),
        known_text=pdf_text(content),
    )
