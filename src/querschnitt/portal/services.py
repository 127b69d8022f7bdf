"""Writes of the public portal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.portal.models import AccessibilityFeedback, PublicPage


@transaction.atomic
def accessibility_feedback_submit(
    *, municipality: Municipality, page_url: str, message: str, name: str = "", email: str = ""
) -> AccessibilityFeedback:
    """Store a reported barrier and tell the office by e-mail (sent by the task worker)."""
    feedback = AccessibilityFeedback.objects.create(
        municipality=municipality, page_url=page_url, message=message, name=name, email=email
    )
    recipient = municipality.contact_email
    if not recipient:
        return feedback
    # Mail to the office is in the office's language, whatever the visitor's.
    with translation.override(municipality.default_language):
        body = "\n\n".join(
            part
            for part in (
                _("A visitor reported a barrier on %(name)s.") % {"name": municipality.name},
                f"{_('Page concerned')}: {page_url}" if page_url else "",
                message,
                f"{_('Reply to')}: {name} <{email}>" if email else "",
            )
            if part
        )
        send_mail(_("Feedback on accessibility"), body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return feedback


@transaction.atomic
def accessibility_feedback_handle(
    *, feedback: AccessibilityFeedback, by: object, reply: str
) -> AccessibilityFeedback:
    """The office answered a reported barrier (or did what it asked): record what and when."""
    locked = AccessibilityFeedback.objects.select_for_update().get(
        municipality=feedback.municipality_id, pk=feedback.pk
    )
    if locked.handled_at is not None:
        raise ValidationError(_("This report has already been handled."))
    reply = reply.strip()
    if not reply:
        raise ValidationError({"reply": _("Say what was answered or done.")})
    locked.handled_at = timezone.now()
    locked.handled_by = by
    locked.reply = reply
    locked.full_clean()
    locked.save(update_fields=["handled_at", "handled_by", "reply"])
    audit_record(
        municipality=locked.municipality,
        actor=by,
        action="accessibility_feedback.handled",
        target=locked,
        changes={"reply": reply},
    )
    return locked


@transaction.atomic
def accessibility_feedback_reopen(
    *, feedback: AccessibilityFeedback, by: object
) -> AccessibilityFeedback:
    """Undo "handled": the report waits for an answer again (its note is kept)."""
    locked = AccessibilityFeedback.objects.select_for_update().get(
        municipality=feedback.municipality_id, pk=feedback.pk
    )
    if locked.handled_at is None:
        return locked
    locked.handled_at = None
    locked.handled_by = None
    locked.save(update_fields=["handled_at", "handled_by"])
    audit_record(
        municipality=locked.municipality,
        actor=by,
        action="accessibility_feedback.reopened",
        target=locked,
    )
    return locked


@transaction.atomic
def public_page_update(*, page: PublicPage, body: dict[str, str], by: object) -> PublicPage:
    """Change the text of a public page, in the languages given."""
    before = dict(page.body)
    page.body = {code: text for code, text in body.items() if text.strip()}
    page.full_clean()
    page.save()
    changed = sorted(
        code for code in set(before) | set(page.body) if before.get(code) != page.body.get(code)
    )
    audit_record(
        municipality=page.municipality,
        actor=by,
        action="public_page.updated",
        target=page,
        changes={"languages": changed},
    )
    return page
