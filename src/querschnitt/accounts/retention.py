"""Retention of the sign-in log (django-axes), the same for the whole platform."""

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _

from querschnitt.core import retention


def signin_log_purge(*, before: datetime) -> int:
    """Sign-in records older than `before`. Attempts are kept while they still lock an
    account (django-axes' cool-off is far shorter than any period here)."""
    deleted = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        count, _by_model = model.objects.filter(attempt_time__lt=before).delete()
        deleted += count
    return deleted


SIGNIN_LOG = retention.Kind(
    key="accounts.signin_log",
    label=_("Sign-in log"),
    what=_("Sign-ins and failed attempts with e-mail address, IP address and browser."),
    default_days=90,
    reason=_(
        "Three months are enough to notice and investigate attacks on accounts; the log "
        "holds the addresses of everyone who tried to sign in."
    ),
    purge=signin_log_purge,
    platform_setting="RETENTION_SIGNIN_LOG_DAYS",
    order=96,
)
