"""Formats, events and their dates: one calendar for the municipality's integration work."""

from datetime import date, datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField, translate


class Format(TenantModel):
    """A kind of event the office runs again and again (Runder Tisch Integration, Fachforum
    Integration, MigrationsFORUM, Aktionstage …): its name, purpose and rhythm. A format may
    take events that organisations of the network submit, and may subscribe to an external
    calendar."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="event_formats"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("address"), max_length=80, help_text=_("Part of the address of its page and feed.")
    )
    purpose = TranslatedTextField(_("purpose"))
    rhythm = models.CharField(
        _("rhythm"),
        max_length=200,
        blank=True,
        help_text=_("For example: at least once a year; every second month."),
    )
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
        help_text=_("The body whose public meetings are sessions of this format, if any."),
    )
    accepts_submissions = models.BooleanField(
        _("organisations may submit events"),
        default=False,
        help_text=_(
            "Organisations of the network submit their own events; the office reviews them."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="event_format_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="event_format_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.TextChoices):
    """Who an event is meant for; a fixed list so that the calendar can filter by it."""

    EVERYONE = "everyone", _("Everyone")
    NEWCOMERS = "newcomers", _("Newcomers")
    FAMILIES = "families", _("Families")
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Young people")
    WOMEN = "women", _("Women")
    SENIORS = "seniors", _("Older people")
    PROFESSIONALS = "professionals", _("Professionals")
    VOLUNTEERS = "volunteers", _("Volunteers")
    ORGANISATIONS = "organisations", _("Organisations and initiatives")


class Event(TenantModel):
    """Something the public can attend, with its dates in the calendar and maybe registration.

    Its times are those of the first date, in Europe/Berlin; a repeat rule (RRULE, with an
    end) gives the further dates, each with its own registration list. An event comes from
    the office, from an organisation of the network (submitted, then reviewed), from an
    external calendar (imported), or shows a public meeting of a body (`meeting`).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waits for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not accepted")

    class Organiser(models.TextChoices):
        OFFICE = "office", _("The integration office")
        BODY = "body", _("A body")
        ORGANISATION = "organisation", _("An organisation of the network")

    class FreedPlaces(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the next person on the waiting list at once")
        OFFER = "offer", _("Offer the place to the next person, with a deadline")

    # A date of one event lasts at most this long; longer things repeat.
    MAX_DAYS: ClassVar[int] = 31

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="events")
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"))
    format = models.ForeignKey(
        Format,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("format"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    organiser = models.CharField(
        _("organiser"), max_length=14, choices=Organiser.choices, default=Organiser.OFFICE
    )
    organiser_body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising body"),
    )
    organiser_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising organisation"),
    )
    meeting = models.OneToOneField(
        "bodies.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calendar_event",
        verbose_name=_("meeting"),
    )
    all_day = models.BooleanField(_("all day"), default=False)
    start = models.DateTimeField(_("begins"))
    end = models.DateTimeField(_("ends"))
    rrule = models.CharField(
        _("repeat rule"),
        max_length=500,
        blank=True,
        help_text=_("An RRULE of RFC 5545 with an end (UNTIL or COUNT)."),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(
        _("address of the online event"),
        blank=True,
        help_text=_("Shown only to people who have a confirmed place."),
    )
    step_free = models.BooleanField(_("step-free access"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("accessible toilet"), null=True, blank=True)
    childcare = models.BooleanField(_("childcare"), null=True, blank=True)
    accessibility_note = models.TextField(_("more about accessibility"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interpreting = models.JSONField(_("interpreting offered into"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(
        _("cost"), max_length=200, blank=True, help_text=_("For example: 5 € for materials.")
    )
    website = models.URLField(_("more information"), blank=True)
    # Registration: the same rules for every date; each date has its own list.
    registration = models.BooleanField(_("registration"), default=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places per date"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    max_places = models.PositiveSmallIntegerField(
        _("places one registration may take"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    waiting_list = models.BooleanField(_("waiting list"), default=True)
    freed_places = models.CharField(
        _("places that free up"),
        max_length=8,
        choices=FreedPlaces.choices,
        default=FreedPlaces.CONFIRM,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered place"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before"),
        default=24,
        validators=[MaxValueValidator(336)],
        help_text=_("0 sends no reminder."),
    )
    # Submitted by an organisation of the network, reviewed by the office.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reason"), blank=True)
    # Imported from an external calendar.
    subscription = models.ForeignKey(
        "events.CalendarSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    source_uid = models.CharField(max_length=500, blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    edited_here = models.BooleanField(
        default=False, help_text="Changed by the office after it was imported."
    )
    source_changed = models.BooleanField(
        default=False, help_text="The external calendar changed it after it was edited here."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(organiser="body") | models.Q(organiser_body__isnull=False),
                name="event_body_organiser_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(organiser="organisation")
                | models.Q(organiser_organisation__isnull=False),
                name="event_organisation_organiser_named",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "state", "start"]),
            models.Index(fields=["municipality", "organiser_organisation", "state"]),
            models.Index(fields=["municipality", "organiser_body", "state"]),
            models.Index(fields=["municipality", "format", "state"]),
            models.Index(fields=["municipality", "subscription", "source_uid"]),
        ]

    def __str__(self) -> str:
        return translate(self.title).text or str(_("Event"))

    @property
    def title_text(self) -> str:
        return translate(self.title).text

    @property
    def is_imported(self) -> bool:
        return self.subscription_id is not None

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def has_place(self) -> bool:
        return bool(self.place_name or self.street_address or self.locality)

    @property
    def place_text(self) -> str:
        town = f"{self.postal_code} {self.locality}".strip()
        parts = [self.place_name, self.room, self.street_address, town]
        return ", ".join(part for part in parts if part)

    @property
    def attendance_mode(self) -> str:
        if self.online and self.has_place:
            return "mixed"
        return "online" if self.online else "offline"

    @property
    def organiser_name(self) -> str:
        """Who organises it, as the public reads it (related objects selected with it)."""
        if self.organiser == self.Organiser.BODY and self.organiser_body is not None:
            return self.organiser_body.name
        if (
            self.organiser == self.Organiser.ORGANISATION
            and self.organiser_organisation is not None
        ):
            return self.organiser_organisation.name
        return self.municipality.office_name

    @property
    def organiser_key(self) -> str:
        """The organiser's key in addresses and filters: `office`, `body-<id>`, `org-<id>`."""
        if self.organiser == self.Organiser.BODY:
            return f"body-{self.organiser_body_id}"
        if self.organiser == self.Organiser.ORGANISATION:
            return f"org-{self.organiser_organisation_id}"
        return "office"


class EventDate(TenantModel):
    """One date of an event. Each date has its own registration list; `arrivals` counts the
    registrations it received, so that each gets its place in the order of arrival."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="event_dates"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("begins"))
    end = models.DateTimeField(_("ends"))
    # The local day it begins on, kept for the month view (grouped and counted by an index).
    day = models.DateField()
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason"), blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545 SEQUENCE: grows with every change a calendar must take over.
    sequence = models.PositiveIntegerField(default=0)
    arrivals = models.PositiveIntegerField(default=0)
    # Imported: the occurrence's original start (its RECURRENCE-ID), in UTC.
    source_recurrence = models.CharField(max_length=40, blank=True)
    reminders_sent_at = models.DateTimeField(null=True, blank=True)
    certificates_sent_at = models.DateTimeField(null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_date_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "start", "id"]),
            # covers the month view: counted and ranked per day without reading the rows
            models.Index(fields=["municipality", "day", "start", "event"]),
            models.Index(fields=["municipality", "event", "start"]),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.start)
        return f"{self.event} ({when:%d.%m.%Y})"

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start)

    @property
    def last_day(self) -> date:
        """The last day it runs on (an all-day date ends at midnight after it)."""
        end = timezone.localtime(self.end)
        if self.event.all_day and end > self.local_start:
            return (end - timedelta(seconds=1)).date()
        return end.date()

    def has_begun(self, now: datetime | None = None) -> bool:
        return self.start <= (now or timezone.now())

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.end <= (now or timezone.now())

    def registration_closes_at(self) -> datetime:
        """Registration for this date closes at the event's set time, at the latest when the
        date begins."""
        closes = self.event.registration_closes_at
        return min(closes, self.start) if closes else self.start

    def registration_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        event = self.event
        opens = event.registration_opens_at
        return (
            event.registration
            and event.state == Event.State.PUBLISHED
            and not self.cancelled
            and (opens is None or opens <= now)
            and now < self.registration_closes_at()
        )
