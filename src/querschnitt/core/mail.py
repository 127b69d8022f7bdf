"""Every e-mail leaves through a background task, so no request waits for a mail server."""

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from querschnitt.core.text import without_bidi_controls


def message_to_payload(message: EmailMessage) -> dict[str, Any]:
    return {
        # a name in a subject cannot be isolated as on a page (core/text.py)
        "subject": without_bidi_controls(str(message.subject)),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def payload_to_message(payload: dict[str, Any], connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    """Enqueues each message; the task `deliver_email` sends it with the "delivery" mailer.

    The task records the municipality in whose scope the mail was sent, so that a person's
    data can be found and erased per municipality (`core.personal_data`)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from django_scopes import get_scope

        from querschnitt.core.tasks import deliver_email

        municipality = get_scope().get("municipality")
        municipality_id = getattr(municipality, "pk", None)
        for message in email_messages:
            deliver_email.enqueue(
                payload=message_to_payload(message), municipality_id=municipality_id
            )
        return len(email_messages)
