"""Background tasks of bodies, run by `manage.py db_worker`."""

import time

from django.core.mail import mailers
from django.tasks import task
from django_scopes import scopes_disabled

# After this many seconds a task hands the rest to a new task, so other work does not wait.
TIME_BUDGET_SECONDS = 60.0


@task(queue_name="default")
def file_read_text(*, file_id: int) -> int:
    """Read the text of an uploaded PDF, so that search finds the paper by it."""
    from querschnitt.bodies.models import File
    from querschnitt.bodies.services.files import file_read_text_now

    with scopes_disabled():
        file = File.objects.filter(pk=file_id).select_related("paper").first()
        if file is None or file.text_state != File.TextState.PENDING:
            return 0
        return len(file_read_text_now(file=file).text)


@task(queue_name="default")
def invitation_deliver(*, invitation_id: int, base_url: str) -> int:
    """Send an invitation with the agenda as a PDF to each recipient, in batches."""
    from querschnitt.bodies.models import Invitation
    from querschnitt.bodies.services.invitations import (
        agenda_pdf,
        invitation_deliver_batch,
        invitation_finish,
        invitation_store_public_agenda,
    )

    handled = 0
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    with scopes_disabled():
        invitation = (
            Invitation.objects.filter(pk=invitation_id)
            .select_related("meeting__body", "meeting__location", "municipality", "created_by")
            .first()
        )
        if invitation is None or invitation.state != Invitation.State.SENDING:
            return 0
        if not invitation.recipients.exclude(state="queued").exists():
            invitation_store_public_agenda(invitation=invitation)
        attachment = agenda_pdf(meeting=invitation.meeting, complete=True)
        with mailers["delivery"] as connection:
            while count := invitation_deliver_batch(
                invitation=invitation,
                attachment=attachment,
                base_url=base_url,
                connection=connection,
            ):
                handled += count
                if time.monotonic() > deadline:
                    invitation_deliver.enqueue(invitation_id=invitation_id, base_url=base_url)
                    return handled
        invitation_finish(invitation=invitation)
    return handled
