"""Registrations for a date, the questions an event asks, and the closing report."""

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField, translate
from querschnitt.events.models.events import Event, EventDate


class Question(TenantModel):
    """A question the office asks everyone who registers for an event (dietary needs,
    interpreting into a language, childcare, accessibility needs …), with a type."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = TranslatedTextField(_("question"))
    kind = models.CharField(_("type of answer"), max_length=10, choices=Kind.choices)
    # For a choice: a list of options, each {"de": …, "en": …}.
    choices = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["municipality", "event", "order"])]

    def __str__(self) -> str:
        return translate(self.label).text

    def option_labels(self) -> list[str]:
        """The options in the active language (German where one is not translated)."""
        return [translate(option).text for option in self.choices]


class Registration(TenantModel):
    """A registration for one date: one or several places (a family, a group of an
    association), answers to the event's questions, a personal link to see, change or cancel
    it, and a short code for the check-in.

    The registration holds its place (or its rank on the waiting list) from the moment it
    arrives; the person confirms their e-mail address through the personal link before
    `confirm_by`, or it lapses and the place passes on. Its label names no person, so that
    audit entries stay free of personal data.
    """

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Place offered")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer not taken up in time")
        LAPSED = "lapsed", _("E-mail address not confirmed in time")

    ACTIVE: ClassVar[tuple[str, ...]] = ("confirmed", "waiting", "offered")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="event_registrations"
    )
    date = models.ForeignKey(EventDate, on_delete=models.CASCADE, related_name="registrations")
    arrival = models.PositiveIntegerField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default="de")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The personal link is signed with this secret (`services.registrations.registration_token`);
    # emptied when the registration's personal data is removed, which ends the link.
    secret = models.CharField(max_length=32)
    code = models.CharField(_("code"), max_length=8)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    confirm_by = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    certificate_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["arrival"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date", "arrival"], name="registration_arrival"
            ),
            models.UniqueConstraint(
                fields=["municipality", "date", "code"], name="registration_code"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "date", "state", "arrival"]),
            models.Index(fields=["municipality", "email"]),
            models.Index(fields=["municipality", "state", "offer_expires_at"]),
            models.Index(fields=["municipality", "state", "confirm_by"]),
        ]

    def __str__(self) -> str:
        return str(_("Registration %(code)s")) % {"code": self.code}

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def has_place(self) -> bool:
        return self.state == self.State.CONFIRMED


class ClosingReport(TenantModel):
    """What the office records after a date: how many came, which organisations took part,
    minutes and results."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    date = models.OneToOneField(EventDate, on_delete=models.CASCADE, related_name="closing_report")
    attendees = models.PositiveIntegerField(_("how many came"))
    organisations = models.ManyToManyField(
        "network.Organisation",
        through="events.ClosingReportOrganisation",
        related_name="+",
        blank=True,
        verbose_name=_("organisations that took part"),
    )
    other_organisations = models.TextField(
        _("further organisations"),
        blank=True,
        help_text=_("Those not in the directory, one a line."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    results = models.TextField(_("results"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")

    def __str__(self) -> str:
        return str(_("Closing report of %(date)s")) % {"date": self.date}


class ClosingReportOrganisation(TenantModel):
    """An organisation of the network that took part in a date (closing report)."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(ClosingReport, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "report", "organisation"],
                name="closing_report_organisation_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


def answers_text(registration: Registration, questions: list[Question]) -> list[tuple[str, Any]]:
    """(question, answer) pairs of a registration, in the order of the questions."""
    return [
        (str(question), registration.answers.get(str(question.pk), ""))
        for question in questions
        if str(question.pk) in registration.answers
    ]
