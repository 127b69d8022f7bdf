"""Writes of mailings: drafts, sending to a segment in the background, unsubscribing.

A mailing goes only to contacts with an e-mail address and a current consent for mailings.
Each e-mail carries a personal unsubscribe link; the token in it is signed, so nobody can
unsubscribe someone else by guessing.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.text import without_bidi_controls
from querschnitt.network.models import Consent, Contact, Mailing, MailingRecipient
from querschnitt.network.selectors.mailings import (
    Segment,
    segment_contacts,
    segment_eligible_contacts,
)

UNSUBSCRIBE_SALT = "querschnitt.network.unsubscribe"
BATCH_SIZE = 50


def mailing_check_segment(*, segment: Segment) -> None:
    if segment.is_empty():
        raise ValidationError(_("Choose at least one group of recipients."))


def mailing_check_subject(*, subject: str) -> None:
    # A line break in a subject would be a header injection; the mail library refuses it late.
    if "\n" in subject or "\r" in subject:
        raise ValidationError({"subject": _("The subject must be a single line.")})


@transaction.atomic
def mailing_create(
    *, municipality: Municipality, by: Any, subject: str, body: str, segment: Segment
) -> Mailing:
    """Save a draft of a mailing to a segment of the network."""
    mailing_check_segment(segment=segment)
    mailing_check_subject(subject=subject)
    mailing = Mailing(
        municipality=municipality,
        subject=subject.strip(),
        body=body,
        segment=segment.to_json(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    # created_by may be empty (a command or the system); the model does not mark it blank.
    mailing.full_clean(exclude=["created_by"])
    mailing.save()
    audit_record(municipality=municipality, actor=by, action="mailing.created", target=mailing)
    return mailing


@transaction.atomic
def mailing_update(
    *, mailing: Mailing, by: Any, subject: str, body: str, segment: Segment
) -> Mailing:
    """Change a draft; a mailing that has been sent stays as it was (it is the archive)."""
    mailing = Mailing.objects.select_for_update().get(
        municipality=mailing.municipality_id, pk=mailing.pk
    )
    if mailing.state != Mailing.State.DRAFT:
        raise ValidationError(_("A mailing that has been sent cannot be changed."))
    mailing_check_segment(segment=segment)
    mailing_check_subject(subject=subject)
    before = snapshot(mailing)
    mailing.subject = subject.strip()
    mailing.body = body
    mailing.segment = segment.to_json()
    mailing.full_clean(exclude=["created_by"])
    mailing.save()
    audit_record(
        municipality=mailing.municipality,
        actor=by,
        action="mailing.updated",
        target=mailing,
        changes={"fields": sorted(field_changes(before, mailing))},
    )
    return mailing


@transaction.atomic
def mailing_dispatch(*, mailing: Mailing, by: Any, base_url: str) -> Mailing:
    """Send a draft: queue one recipient per eligible address and start the sending task.

    The recipients, the state "sending" and the task are written in one transaction, so a
    failure leaves the draft untouched; the row lock refuses a second send of the same mailing.
    `base_url` (scheme and host) makes the unsubscribe links in the e-mails absolute.
    """
    from querschnitt.network.tasks import mailing_send

    municipality = mailing.municipality
    mailing = Mailing.objects.select_for_update().get(municipality=municipality, pk=mailing.pk)
    if mailing.state != Mailing.State.DRAFT:
        raise ValidationError(_("This mailing has already been sent."))
    segment = Segment.from_json(mailing.segment)
    mailing_check_segment(segment=segment)
    reached = segment_contacts(municipality=municipality, segment=segment).count()
    seen: set[str] = set()
    recipients = []
    for contact_id, email in segment_eligible_contacts(
        municipality=municipality, segment=segment
    ).values_list("id", "email"):
        address = email.strip().lower()
        if address in seen:
            continue
        seen.add(address)
        recipients.append(
            MailingRecipient(
                municipality=municipality, mailing=mailing, contact_id=contact_id, email=email
            )
        )
    if not recipients:
        raise ValidationError(_("Nobody in this group may receive the mailing."))
    MailingRecipient.objects.bulk_create(recipients, batch_size=500)
    eligible_contacts = segment_eligible_contacts(
        municipality=municipality, segment=segment
    ).count()
    mailing.state = Mailing.State.SENDING
    # The segment keeps what it reached at the moment of sending, for the archive.
    mailing.segment = segment.to_json() | {
        "counts": {
            "contacts": reached,
            "excluded": reached - eligible_contacts,
            "recipients": len(recipients),
        }
    }
    mailing.save(update_fields=["state", "segment"])
    audit_record(
        municipality=municipality,
        actor=by,
        action="mailing.sent",
        target=mailing,
        changes={"recipients": len(recipients), "excluded": reached - eligible_contacts},
    )
    mailing_send.enqueue(
        municipality_id=municipality.pk, mailing_id=mailing.pk, base_url=base_url.rstrip("/")
    )
    mailing.refresh_from_db()
    return mailing


def unsubscribe_token(*, contact: Contact, purpose: str = Consent.Purpose.MAILINGS) -> str:
    """A token naming the contact and the purpose, signed for this municipality."""
    return signing.dumps(
        {"c": contact.pk, "p": purpose}, salt=f"{UNSUBSCRIBE_SALT}:{contact.municipality_id}"
    )


@dataclass(frozen=True)
class UnsubscribeRequest:
    contact_id: int
    purpose: str


def unsubscribe_token_check(*, municipality: Municipality, token: str) -> UnsubscribeRequest:
    """Read a token from an unsubscribe link; raise `signing.BadSignature` if it is forged,
    altered or made for another municipality."""
    data = signing.loads(token, salt=f"{UNSUBSCRIBE_SALT}:{municipality.pk}")
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("c"), int)
        or data.get("p") not in Consent.Purpose.values
    ):
        raise signing.BadSignature("malformed unsubscribe token")
    return UnsubscribeRequest(contact_id=data["c"], purpose=data["p"])


def unsubscribe_url(*, base_url: str, contact: Contact) -> str:
    path = municipality_reverse(
        contact.municipality, "network:unsubscribe", token=unsubscribe_token(contact=contact)
    )
    return f"{base_url.rstrip('/')}{path}"


def mailing_message(
    *, mailing: Mailing, recipient: MailingRecipient, base_url: str
) -> EmailMessage:
    """The e-mail to one recipient, with a personal unsubscribe link in text and headers."""
    assert recipient.contact is not None
    link = unsubscribe_url(base_url=base_url, contact=recipient.contact)
    municipality = mailing.municipality
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "network/email/mailing.txt",
            {"mailing": mailing, "municipality": municipality, "unsubscribe_url": link},
        )
    return EmailMessage(
        subject=without_bidi_controls(mailing.subject),  # sent past the queue's own check
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[municipality.contact_email] if municipality.contact_email else [],
        headers={
            "List-Unsubscribe": f"<{link}>",
            # RFC 8058: mail programs may unsubscribe with one POST to the same address.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def mailing_deliver_batch(
    *, mailing: Mailing, base_url: str, batch_size: int | None = None, connection: Any = None
) -> int:
    """Send the next queued recipients of a mailing; returns how many were handled.

    Each batch commits on its own, so the progress shows while the rest is still being sent.
    The consent is checked again here: whoever unsubscribed after the mailing was queued is
    not written to.
    """
    with transaction.atomic():
        batch = list(
            MailingRecipient.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                municipality=mailing.municipality_id,
                mailing=mailing,
                state=MailingRecipient.State.QUEUED,
            )
            .select_related("contact", "contact__municipality")
            .annotate(
                may_receive=Exists(
                    Consent.objects.filter(
                        municipality=mailing.municipality_id,
                        contact=OuterRef("contact"),
                        purpose=Consent.Purpose.MAILINGS,
                        withdrawn_at__isnull=True,
                    )
                )
            )
            .order_by("id")[: batch_size or BATCH_SIZE]
        )
        if not batch:
            return 0
        connection = connection or mailers["delivery"]
        now = timezone.now()
        for recipient in batch:
            if recipient.contact is None:
                recipient.state, recipient.error = MailingRecipient.State.FAILED, "contact deleted"
            elif not recipient.may_receive:
                recipient.state = MailingRecipient.State.FAILED
                recipient.error = "consent withdrawn before sending"
            else:
                message = mailing_message(mailing=mailing, recipient=recipient, base_url=base_url)
                try:
                    accepted = connection.send_messages([message])
                except (OSError, ValueError) as error:  # SMTP errors are OSErrors
                    recipient.state = MailingRecipient.State.FAILED
                    recipient.error = f"{type(error).__name__}: {error}"[:300]
                else:
                    if accepted:
                        recipient.state, recipient.sent_at = MailingRecipient.State.SENT, now
                    else:
                        recipient.state = MailingRecipient.State.FAILED
                        recipient.error = "not accepted by the mail server"
        MailingRecipient.objects.bulk_update(batch, ["state", "sent_at", "error"])
    return len(batch)


@transaction.atomic
def mailing_finish(*, mailing: Mailing) -> Mailing:
    """Close a mailing once no recipient is queued any more; it is then read-only."""
    mailing = Mailing.objects.select_for_update().get(
        municipality=mailing.municipality_id, pk=mailing.pk
    )
    queued = MailingRecipient.objects.filter(
        municipality=mailing.municipality_id, mailing=mailing, state=MailingRecipient.State.QUEUED
    ).exists()
    if mailing.state == Mailing.State.SENDING and not queued:
        mailing.state = Mailing.State.SENT
        mailing.sent_at = timezone.now()
        mailing.save(update_fields=["state", "sent_at"])
        audit_record(
            municipality=mailing.municipality,
            actor=None,
            action="mailing.delivered",
            target=mailing,
        )
    return mailing
