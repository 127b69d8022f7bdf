"""Bodies (Gremien), their composition rules, terms, members and the places they meet."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.bodies.models.base import OParlObject
from querschnitt.core.models import Department, Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField


class Location(OParlObject):
    """A place where bodies meet, with what a visitor with a disability needs to know."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="body_locations"
    )
    description = models.CharField(
        _("name of the place"), max_length=200, help_text=_("For example: Stadthaus N 1")
    )
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    sub_locality = models.CharField(_("district"), max_length=100, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    step_free = models.BooleanField(
        _("step-free access"), null=True, blank=True, help_text=_("Leave open if unknown.")
    )
    accessible_toilet = models.BooleanField(_("accessible toilet"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), null=True, blank=True)
    accessibility_note = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Entrance, lift, parking for people with disabilities, who to ask for help."),
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["description", "room"]
        indexes = [models.Index(fields=["municipality", "description"])]

    def __str__(self) -> str:
        return f"{self.description}, {self.room}" if self.room else self.description


class Body(OParlObject):
    """Every group that meets: council, committee, advisory council, steering group, decision
    body, working group, forum (a kind, not a model each). OParl calls it an Organization.

    A working group also has a goal, a mandate and a time horizon (`goal`, `mandate`,
    `start_date`, `planned_end_date`).
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")
        ADVISORY_COUNCIL = "advisory_council", _("Advisory council")
        STEERING_GROUP = "steering_group", _("Steering group")
        DECISION_BODY = "decision_body", _("Decision body")
        WORKING_GROUP = "working_group", _("Working group")
        FORUM = "forum", _("Forum")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(
        _("address"), max_length=80, help_text=_("Part of the public address of the body.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "The public sees the body, its members and its published meetings. A body that is "
            "not public is seen only by its members and the office."
        ),
    )
    purpose = TranslatedTextField(_("purpose"))
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("For example: § 41 GemO BW; statute of the advisory council of 2010."),
    )
    composition_rule = models.TextField(
        _("composition as the rules say it"),
        blank=True,
        help_text=_("For example: 12 councillors and 11 members of the advisory council."),
    )
    planned_size = models.PositiveSmallIntegerField(
        _("number of seats"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the seat groups below give the number."),
    )
    term_years = models.PositiveSmallIntegerField(
        _("term of office in years"), null=True, blank=True
    )
    gender_balanced = models.BooleanField(
        _("gender-balanced"),
        default=False,
        help_text=_("The rules ask for as many women as men among the members."),
    )
    records_individual_votes = models.BooleanField(
        _("records each member's vote"),
        default=False,
        help_text=_("Votes are recorded per person, not only as counts."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_bodies",
        verbose_name=_("part of"),
    )
    office_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies_run",
        verbose_name=_("business run by"),
        help_text=_("The office that prepares the meetings (Geschäftsstelle)."),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("usual place of meetings"),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    start_date = models.DateField(_("set up on"), null=True, blank=True)
    end_date = models.DateField(_("dissolved on"), null=True, blank=True)
    # What a working group (and any body with a mandate) states about itself.
    goal = TranslatedTextField(_("goal"))
    mandate = TranslatedTextField(_("mandate"))
    planned_end_date = models.DateField(
        _("planned to end by"), null=True, blank=True, help_text=_("The time horizon.")
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="body_unique_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="body_unique_name"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="body_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def seats(self) -> int | None:
        """The number of seats: as set, else the sum of the seat groups (prefetched)."""
        if self.planned_size:
            return self.planned_size
        groups = list(self.seat_groups.all())
        return sum(group.seats for group in groups) or None


class SeatGroup(TenantModel):
    """A share of a body's seats under its rules: 12 councillors, 3 seats for Syria …"""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seat_groups")
    name = models.CharField(
        _("seat group"),
        max_length=200,
        help_text=_("For example: councillors; members of the advisory council; Syria."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    voting_right = models.BooleanField(_("with a vote"), default=True)
    selection = models.CharField(
        _("how the seats are filled"),
        max_length=200,
        blank=True,
        help_text=_("For example: elected by postal vote; appointed by the council."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("seat group")
        verbose_name_plural = _("seat groups")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "body", "name"], name="seat_group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LegislativeTerm(OParlObject):
    """A term of office (Wahlperiode) of one body, or of the whole council when no body is
    named. Meetings belong to a term; no meeting can be added to a term that has ended."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="legislative_terms"
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
        verbose_name=_("body"),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("For example: 2024–2029"))
    start_date = models.DateField(_("begins"))
    end_date = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="legislative_term_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["municipality", "body", "start_date"])]

    def __str__(self) -> str:
        return self.name

    def is_closed(self, today: date | None = None) -> bool:
        return self.end_date < (today or timezone.localdate())


class Person(OParlObject):
    """A person who sits on a body (OParl Person). The office may link the person to an
    account (then, with the role "body member", they sign in and read everything of their
    bodies) and to the organisation they belong to."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        DIVERSE = "diverse", _("diverse")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="body_persons"
    )
    form_of_address = models.CharField(
        _("form of address"), max_length=40, blank=True, help_text=_("For example: Frau, Herr")
    )
    title = models.CharField(_("academic title"), max_length=60, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    affix = models.CharField(_("name affix"), max_length=60, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    status = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("For example: city councillor")
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("For invitations; not public."))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_persons",
        verbose_name=_("account"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_persons",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(user__isnull=False),
                name="person_one_per_account",
            )
        ]
        indexes = [models.Index(fields=["municipality", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)


class Membership(OParlObject):
    """A person's seat on a body: role, vote, the group or organisation they sit for, when."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        DEPUTY_MEMBER = "deputy_member", _("Deputy member")
        EXPERT_RESIDENT = "expert_resident", _("Expert resident")
        ADVISORY = "advisory", _("Advisory member without vote")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="body_memberships"
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("with a vote"), default=True)
    seat_group = models.ForeignKey(
        SeatGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("seat group"),
    )
    group = models.CharField(
        _("sits for the group"),
        max_length=200,
        blank=True,
        help_text=_("For example a party group or a nationality group."),
    )
    on_behalf_of = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("sits for the organisation"),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person__family_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "body", "end_date"]),
            models.Index(fields=["municipality", "person"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.body}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


def current_membership_q(on: date | None = None, prefix: str = "") -> Any:
    """The condition "the membership runs on `on`" (today by default)."""
    on = on or timezone.localdate()
    return (
        models.Q(**{f"{prefix}start_date__isnull": True})
        | models.Q(**{f"{prefix}start_date__lte": on})
    ) & (
        models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(**{f"{prefix}end_date__gte": on})
    )
