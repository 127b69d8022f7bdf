"""Background tasks of the network, run by `manage.py db_worker`."""

import time

from django.core.mail import mailers
from django.tasks import task
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.network.models import Mailing

# After this many seconds the task hands the rest of a large mailing to a new task, so other
# work in the queue (password resets, confirmations) does not wait for the whole mailing.
TIME_BUDGET_SECONDS = 60.0


@task(queue_name="default")
def mailing_send(*, municipality_id: int, mailing_id: int, base_url: str) -> int:
    """Send a mailing's queued e-mails in batches and mark it sent when none is left.

    Returns how many recipients this run handled. Safe to run twice: only queued recipients
    are sent, and a finished mailing is left alone.
    """
    from querschnitt.network.services.mailings import mailing_deliver_batch, mailing_finish

    municipality = Municipality.objects.get(pk=municipality_id)
    handled = 0
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    with scope(municipality=municipality):
        mailing = (
            Mailing.objects.filter(municipality=municipality, pk=mailing_id)
            .select_related("municipality")
            .first()
        )
        if mailing is None or mailing.state != Mailing.State.SENDING:
            return 0
        # One connection for the whole run: an SMTP server is not asked to log in per e-mail.
        with mailers["delivery"] as connection:
            while count := mailing_deliver_batch(
                mailing=mailing, base_url=base_url, connection=connection
            ):
                handled += count
                if time.monotonic() > deadline:
                    mailing_send.enqueue(
                        municipality_id=municipality_id, mailing_id=mailing_id, base_url=base_url
                    )
                    return handled
        mailing_finish(mailing=mailing)
    return handled
