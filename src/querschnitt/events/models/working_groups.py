"""What a working group adds to its body: where it was founded, its focus topic, the
organisations that work in it, extensions of its horizon, its results."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.events.models.events import Event


class WorkingGroup(TenantModel):
    """A working group is a `bodies.Body` of kind "working group" (goal, mandate, start and
    planned end are the body's); this row adds what only a working group has."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="working_groups"
    )
    body = models.OneToOneField(
        "bodies.Body", on_delete=models.CASCADE, related_name="working_group"
    )
    founded_at = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("founded at the event"),
    )
    focus_topic = models.CharField(
        _("annual focus topic"),
        max_length=200,
        blank=True,
        help_text=_("Where the municipality sets a focus topic for the year."),
    )
    focus_year = models.PositiveSmallIntegerField(
        _("year of the focus topic"), null=True, blank=True
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.body.name if self.body_id else str(_("Working group"))


class WorkingGroupOrganisation(TenantModel):
    """An organisation of the network that works in a working group."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("organisation"),
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "group", "organisation"],
                name="working_group_organisation_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class WorkingGroupExtension(TenantModel):
    """A later planned end, with the reason the office gave."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField(_("planned end before"), null=True)
    new_end = models.DateField(_("new planned end"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"{self.previous_end} → {self.new_end}"


class WorkingGroupResult(TenantModel):
    """Something a working group achieved or produced: a recommendation, a measure proposed,
    a guide; documents lie with its meetings."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("description"), blank=True)
    achieved_on = models.DateField(_("date"))

    class Meta:
        ordering = ["-achieved_on", "-pk"]

    def __str__(self) -> str:
        return self.title
