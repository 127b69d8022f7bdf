"""The platform's own periodic jobs and retention kinds (registered in `apps.py`)."""

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from querschnitt.core import retention
from querschnitt.core.models import AuditEntry, Municipality


def clear_sessions() -> str:
    """Delete expired sessions (what `manage.py clearsessions` does)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return "expired sessions deleted"


def audit_entries_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted, _by_model = AuditEntry.objects.filter(
        municipality=municipality, created_at__lt=before
    ).delete()
    return deleted


def task_results_purge(*, before: datetime) -> int:
    """Finished task results (delivered e-mails with their addresses and text) older than
    `before`; what `manage.py prune_db_task_results` does, for every queue."""
    finished = DBTaskResult.objects.finished().filter(
        Q(finished_at__lt=before) | Q(finished_at__isnull=True, enqueued_at__lt=before)
    )
    deleted, _by_model = finished.delete()
    return deleted


AUDIT_ENTRIES = retention.Kind(
    key="core.audit_entries",
    label=_("Audit trail"),
    what=_("Entries of the audit trail: who changed what, and when."),
    default_days=730,
    reason=_(
        "Two years let the office trace a change back over a full reporting year and answer "
        "enquiries of a data subject or the supervisory authority about it; the entries name "
        "staff and the people their changes concerned."
    ),
    purge=audit_entries_purge,
    minimum_days=180,
    order=90,
)
TASK_RESULTS = retention.Kind(
    key="core.task_results",
    label=_("Records of background tasks"),
    what=_("Finished background tasks, among them every e-mail sent with its address and text."),
    default_days=14,
    reason=_(
        "Two weeks are enough to look into a failed delivery; after that the record only "
        "repeats e-mail addresses and texts."
    ),
    purge=task_results_purge,
    platform_setting="RETENTION_TASK_RESULTS_DAYS",
    order=95,
)
