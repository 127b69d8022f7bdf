"""Meetings (Sitzungen): agenda, attendance, results and votes, invitations."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.bodies.models.base import OParlObject
from querschnitt.bodies.models.bodies import Body, LegislativeTerm, Location, Person
from querschnitt.core.models import Department, Municipality, TenantModel


class Meeting(OParlObject):
    """A session of a body. The public sees it once the office has published it (and only
    the public part of its agenda); the body's members and the office see everything."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Scheduled")
        INVITED = "invited", _("Invitation sent")
        HELD = "held", _("Held")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="meetings"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    term = models.ForeignKey(
        LegislativeTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("term"),
    )
    name = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("begins"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("place"),
    )
    online_url = models.URLField(
        _("online meeting"), blank=True, help_text=_("Address of a video conference, if any.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked as held"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="meeting_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "start"]),
            models.Index(fields=["municipality", "body", "start"]),
        ]

    def __str__(self) -> str:
        return self.name


class AgendaItem(OParlObject):
    """An item on a meeting's agenda (Tagesordnungspunkt), in order, public or not, with
    its result and resolution; a resolution can wait to be carried out."""

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
        REJECTED = "rejected", _("Rejected")
        RECOMMENDED = "recommended", _("Recommended")
        NOTED = "noted", _("Taken note of")
        DEFERRED = "deferred", _("Deferred")
        REFERRED = "referred", _("Referred to another body")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ResolutionState(models.TextChoices):
        NONE = "", _("Nothing to carry out")
        TO_CARRY_OUT = "to_carry_out", _("To be carried out")
        CARRIED_OUT = "carried_out", _("Carried out")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="agenda_items"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=20, help_text=_("For example: 3 or 3.1"))
    name = models.CharField(_("subject"), max_length=300)
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Items of the non-public part follow the public part."),
    )
    description = models.TextField(_("explanation"), blank=True)
    start = models.DateTimeField(_("began"), null=True, blank=True)
    end = models.DateTimeField(_("ended"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=30, choices=Result.choices, blank=True)
    resolution_text = models.TextField(_("resolution"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    resolution_state = models.CharField(
        _("carrying out"),
        max_length=20,
        choices=ResolutionState.choices,
        blank=True,
        default=ResolutionState.NONE,
    )
    resolution_responsible = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("carried out by"),
    )
    resolution_due = models.DateField(_("to be carried out by"), null=True, blank=True)
    resolution_done_on = models.DateField(_("carried out on"), null=True, blank=True)
    resolution_report = models.TextField(_("how it was carried out"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "meeting", "number"], name="agenda_item_unique_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(resolution_state="carried_out")
                | models.Q(resolution_done_on__isnull=False),
                name="agenda_item_carried_out_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "meeting", "order"]),
            models.Index(fields=["municipality", "resolution_state", "resolution_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def has_vote_counts(self) -> bool:
        return any(
            count is not None
            for count in (self.votes_for, self.votes_against, self.votes_abstained)
        )


class Attendance(TenantModel):
    """Whether a member took part in a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "meeting", "person"], name="attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Vote(TenantModel):
    """One member's vote on an agenda item, where the body records votes per person."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAINED = "abstained", _("Abstained")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "agenda_item", "person"], name="vote_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class Invitation(TenantModel):
    """One sending of a meeting's invitation (with the agenda as PDF) to its members."""

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField(_("message"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "meeting", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.created_at:%Y-%m-%d %H:%M})"


class InvitationRecipient(TenantModel):
    """One member an invitation goes to, and whether it went out."""

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "invitation", "state"])]

    def __str__(self) -> str:
        return self.email
