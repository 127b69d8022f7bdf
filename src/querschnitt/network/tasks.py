"""Background tasks of the network, run by `manage.py db_worker`."""

import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.network.models import ImportRun, Mailing

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


@task(queue_name="default")
def import_read(*, municipality_id: int, run_id: int) -> str:
    """Read and check a large uploaded list into its preview (`import_preview_build`)."""
    from querschnitt.network.services.imports import (
        import_preview_build,
        reading_failed_unexpectedly,
    )

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        run = (
            ImportRun.objects.filter(
                municipality=municipality, pk=run_id, state=ImportRun.State.READING
            )
            .select_related("municipality", "created_by")
            .first()
        )
        if run is None:  # discarded before the worker came to it
            return "gone"
        try:
            run = import_preview_build(run=run)
        except Exception:
            # Recorded on the run so that the page does not wait for ever; the task result
            # keeps the traceback.
            reading_failed_unexpectedly(run=run)
            raise
    return str(run.state)


@task(queue_name="default")
def import_apply_queued(*, municipality_id: int, run_id: int, user_id: int | None) -> str:
    """Apply a large import that staff confirmed (`import_apply`, one transaction)."""
    from querschnitt.network.services.imports import import_apply, import_record_failure

    municipality = Municipality.objects.get(pk=municipality_id)
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with scope(municipality=municipality):
        run = (
            ImportRun.objects.filter(
                municipality=municipality, pk=run_id, state=ImportRun.State.APPLYING
            )
            .defer("content")
            .select_related("municipality")
            .first()
        )
        if run is None:  # cancelled before the worker came to it
            return "gone"
        ImportRun.objects.filter(municipality=municipality, pk=run_id).update(
            progress={"phase": "applying", "at": timezone.now().isoformat()}
        )
        try:
            run = import_apply(run=run, by=by, queued=True)
        except ValidationError as error:
            if error.code == "not_pending":
                return "gone"
            import_record_failure(run=run, by=by, messages=error.messages)
        except DatabaseError as error:
            message = _("The database refused a change: %(error)s") % {"error": error}
            import_record_failure(run=run, by=by, messages=[message])
        except Exception:
            # Back to the preview with a note, so that the page does not wait for ever; the
            # task result keeps the traceback.
            message = _("An unexpected error stopped the import. Nothing has been changed.")
            import_record_failure(run=run, by=by, messages=[message])
            raise
    return str(run.state)
