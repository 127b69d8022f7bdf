"""Background tasks of the core, run by `manage.py db_worker`."""

from typing import Any

from django.core.mail import mailers
from django.tasks import task

from querschnitt.core.mail import payload_to_message


@task(queue_name="default")
def deliver_email(*, payload: dict[str, Any], municipality_id: int | None = None) -> int:
    """Send one e-mail with the "delivery" mailer (SMTP, file or console); `municipality_id`
    only records on whose behalf it was sent."""
    connection = mailers["delivery"]
    return connection.send_messages([payload_to_message(payload, connection)]) or 0
