"""Retention of feedback on accessibility."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from querschnitt.core import retention
from querschnitt.core.models import Municipality
from querschnitt.portal.models import AccessibilityFeedback


def accessibility_feedback_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted, _by_model = AccessibilityFeedback.objects.filter(
        municipality=municipality, created_at__lt=before
    ).delete()
    return deleted


ACCESSIBILITY_FEEDBACK = retention.Kind(
    key="portal.accessibility_feedback",
    label=_("Feedback on accessibility"),
    what=_("Reported barriers with the reporter's name and e-mail address."),
    default_days=730,
    reason=_(
        "Two years cover the yearly review of the accessibility statement and an enforcement "
        "procedure about a report; by then the barrier is dealt with or known otherwise."
    ),
    purge=accessibility_feedback_purge,
    minimum_days=90,
    order=80,
)
