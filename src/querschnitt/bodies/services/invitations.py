"""Invitations: the agenda as a PDF, by e-mail to every member of the body, sent in the
background with visible progress."""

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from querschnitt.bodies.models import File, Invitation, InvitationRecipient, Meeting
from querschnitt.bodies.services.files import file_add
from querschnitt.bodies.services.meetings import members_at_meeting
from querschnitt.bodies.visibility import OFFICE
from querschnitt.core.audit import audit_record
from querschnitt.core.pdf import render_pdf
from querschnitt.core.routing import municipality_reverse

BATCH_SIZE = 20


@transaction.atomic
def invitation_send(*, meeting: Meeting, by: Any, message: str, base_url: str) -> Invitation:
    """Invite every current member with an e-mail address; the sending runs as a task."""
    from querschnitt.bodies.tasks import invitation_deliver

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.state == Meeting.State.HELD:
        raise ValidationError(_("This meeting has been held already."))
    if not meeting.agenda_items.exists():
        raise ValidationError(_("The agenda is empty. Add its items before inviting."))
    if meeting.invitations.filter(state=Invitation.State.SENDING).exists():
        raise ValidationError(_("An invitation to this meeting is being sent right now."))
    seen: set[str] = set()
    recipients = []
    for membership in members_at_meeting(meeting):
        address = membership.person.email.strip().lower()
        if address and address not in seen:
            seen.add(address)
            recipients.append((membership.person, membership.person.email.strip()))
    if not recipients:
        raise ValidationError(
            _("None of the members has an e-mail address. Add their addresses first.")
        )
    invitation = Invitation.objects.create(
        municipality=meeting.municipality, meeting=meeting, message=message.strip(), created_by=by
    )
    InvitationRecipient.objects.bulk_create(
        [
            InvitationRecipient(
                municipality=meeting.municipality, invitation=invitation, person=person, email=email
            )
            for person, email in recipients
        ]
    )
    audit_record(
        municipality=meeting.municipality,
        actor=by,
        action="meeting.invitation_sent",
        target=meeting,
        changes={"recipients": len(recipients)},
    )
    invitation_deliver.enqueue(invitation_id=invitation.pk, base_url=base_url.rstrip("/"))
    return invitation


def agenda_pdf(*, meeting: Meeting, complete: bool) -> bytes:
    """The agenda as a PDF: the whole agenda for the members, or its public part (which the
    public sees once the meeting is published)."""
    from querschnitt.bodies.selectors.meetings import meeting_agenda

    items = [
        item for item in meeting_agenda(meeting=meeting, viewer=OFFICE) if complete or item.public
    ]
    return render_pdf(
        "bodies/pdf/agenda.html",
        {"meeting": meeting, "items": items, "complete": complete},
        language=settings.LANGUAGE_CODE,
    )


def invitation_progress(*, invitation: Invitation) -> dict[str, int]:
    counts = invitation.recipients.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=InvitationRecipient.State.SENT)),
        failed=Count("pk", filter=Q(state=InvitationRecipient.State.FAILED)),
    )
    counts["done"] = counts["sent"] + counts["failed"]
    return counts


def invitation_message(
    *, invitation: Invitation, recipient: InvitationRecipient, attachment: bytes, base_url: str
) -> EmailMessage:
    meeting = invitation.meeting
    with translation.override(settings.LANGUAGE_CODE):
        link = base_url + municipality_reverse(
            meeting.municipality, "bodies:meeting_detail", pk=meeting.pk
        )
        body = render_to_string(
            "bodies/email/invitation.txt",
            {"invitation": invitation, "meeting": meeting, "link": link, "recipient": recipient},
        )
        subject = _("Invitation: %(meeting)s") % {"meeting": meeting.name}
        day = formats.date_format(timezone.localtime(meeting.start).date(), "Y-m-d")
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[meeting.municipality.contact_email] if meeting.municipality.contact_email else [],
    )
    message.attach(f"Tagesordnung-{day}.pdf", attachment, "application/pdf")
    return message


def invitation_deliver_batch(
    *, invitation: Invitation, attachment: bytes, base_url: str, connection: Any
) -> int:
    """Send the next queued invitations; each batch commits on its own, so the progress
    shows while the rest is being sent."""
    with transaction.atomic():
        batch = list(
            InvitationRecipient.objects.select_for_update(skip_locked=True)
            .filter(invitation=invitation, state=InvitationRecipient.State.QUEUED)
            .order_by("pk")[:BATCH_SIZE]
        )
        for recipient in batch:
            message = invitation_message(
                invitation=invitation, recipient=recipient, attachment=attachment, base_url=base_url
            )
            try:
                accepted = connection.send_messages([message])
            except (OSError, ValueError) as error:
                recipient.state = InvitationRecipient.State.FAILED
                recipient.error = f"{type(error).__name__}: {error}"[:300]
            else:
                if accepted:
                    recipient.state = InvitationRecipient.State.SENT
                    recipient.sent_at = timezone.now()
                else:
                    recipient.state = InvitationRecipient.State.FAILED
                    recipient.error = "not accepted by the mail server"
        InvitationRecipient.objects.bulk_update(batch, ["state", "sent_at", "error"])
    return len(batch)


@transaction.atomic
def invitation_store_public_agenda(*, invitation: Invitation) -> File:
    """Keep the public agenda as the meeting's invitation document (OParl `invitation`)."""
    meeting = invitation.meeting
    content = agenda_pdf(meeting=meeting, complete=False)
    day = formats.date_format(timezone.localtime(meeting.start).date(), "Y-m-d")
    return file_add(
        parent=meeting,
        by=invitation.created_by,
        upload=io.BytesIO(content),
        file_name=f"Einladung-{day}.pdf",
        name=_("Invitation and agenda"),
        role=File.Role.INVITATION,
        public=True,
        file_date=timezone.localdate(),
    )


@transaction.atomic
def invitation_finish(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == Invitation.State.SENT:
        return invitation
    if invitation.recipients.filter(state=InvitationRecipient.State.QUEUED).exists():
        return invitation
    invitation.state = Invitation.State.SENT
    invitation.finished_at = timezone.now()
    invitation.save(update_fields=["state", "finished_at"])
    meeting = invitation.meeting
    if meeting.state == Meeting.State.PLANNED:
        meeting.state = Meeting.State.INVITED
    meeting.invited_at = invitation.finished_at
    meeting.save(update_fields=["state", "invited_at", "modified_at"])
    return invitation
