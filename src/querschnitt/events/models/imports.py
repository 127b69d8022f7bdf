"""External calendars a format subscribes to."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.events.models.events import Format


class CalendarSubscription(TenantModel):
    """A format's external iCalendar address, imported on a schedule by a job. Each import
    is all or nothing; the last attempt and its outcome are kept here."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="calendar_subscriptions"
    )
    format = models.OneToOneField(
        Format, on_delete=models.CASCADE, related_name="subscription", verbose_name=_("format")
    )
    url = models.URLField(
        _("address of the calendar"),
        max_length=500,
        help_text=_("An iCalendar address (ending in .ics, or webcal://)."),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser of its events"),
        help_text=_("Leave empty when the office organises them."),
    )
    active = models.BooleanField(_("imported on a schedule"), default=True)
    every_hours = models.PositiveSmallIntegerField(
        _("import every … hours"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return self.url
