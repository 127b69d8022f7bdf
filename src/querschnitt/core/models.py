"""The tenant, the base of every tenant model, departments and the audit trail."""

import time
from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from querschnitt.core.theme import validate_accent_colour
from querschnitt.core.translation import TranslatedText, TranslatedTextField, translate


class State(models.TextChoices):
    """The sixteen German states (Länder), by their official two-letter codes."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Visibility(models.TextChoices):
    """Who may see an object: everyone, the signed-in network, or the office only."""

    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Network (signed-in actors and members)")
    INTERNAL = "internal", _("Internal (office staff)")


# How long anything built from a municipality's public data is used at most (cached pages,
# remembered pieces of pages): `Municipality.content_version` moves at least this often.
CONTENT_LIFETIME = 600

RESERVED_SLUGS = frozenset(
    {
        "api",
        "oparl",
        "static",
        "media",
        "healthz",
        "sprache",
        "bench",
        "plattform",
        "konto",
        "barrierefreiheit",
        "impressum",
        "datenschutz",
        "leichte-sprache",
    }
)


def validate_slug_not_reserved(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved by the platform."))


class Municipality(models.Model):
    """A municipality (Kommune) on this deployment: the tenant of all its data."""

    slug = models.SlugField(
        _("address"), max_length=60, unique=True, validators=[validate_slug_not_reserved]
    )
    name = models.CharField(_("name"), max_length=120)
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{8}$", _("The AGS has exactly eight digits."))],
    )
    state = models.CharField(
        pgettext_lazy("federal state", "state"), max_length=2, choices=State.choices
    )
    office_name = models.CharField(_("name of the integration office"), max_length=200)
    office_description = TranslatedTextField(_("self-description of the office"))
    description_source = models.CharField(
        _("source of the self-description"), max_length=300, blank=True
    )
    description_source_url = models.URLField(_("address of the source"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        blank=True,
        help_text=_("German is always offered; choose the further languages of the public pages."),
    )
    # The accessibility statement names where to turn when the office does not help: the
    # enforcement or conciliation body of the state (Durchsetzungs-/Schlichtungsstelle).
    enforcement_body_name = models.CharField(
        _("enforcement body for accessibility"),
        max_length=300,
        blank=True,
        help_text=_(
            "The conciliation or enforcement body of your state (Schlichtungsstelle, "
            "Durchsetzungsstelle), named in the accessibility statement."
        ),
    )
    enforcement_body_url = models.URLField(_("website of the enforcement body"), blank=True)
    enforcement_body_email = models.EmailField(_("e-mail of the enforcement body"), blank=True)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[validate_accent_colour],
        help_text=_("A colour in #rrggbb notation with a contrast of at least 4.5:1 to white."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    content_changed_at = models.DateTimeField(
        auto_now_add=True, help_text="Bumped whenever tenant data changes; keys the page cache."
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:start", kwargs={"municipality": self.slug})

    @property
    def offered_languages(self) -> list[str]:
        """German first, then the chosen languages that the platform supports, in its order."""
        supported = [code for code, _name in settings.LANGUAGES]
        chosen = set(self.languages or [])
        return ["de", *[code for code in supported if code != "de" and code in chosen]]

    @property
    def default_language(self) -> str:
        """The language of the office: its mail and its pages without a chosen language."""
        return "de"

    @property
    def description(self) -> TranslatedText:
        return translate(self.office_description)

    @property
    def content_version(self) -> str:
        """Changes whenever the municipality or any of its public data changes, and at the
        latest every CONTENT_LIFETIME seconds: a change that no signal reports (a bulk
        `update()`, a many-to-many `set()` alone, a change made in the database directly)
        shows no later than that, in the page cache and in every piece remembered under it."""
        changed = f"{self.updated_at.timestamp():.6f}-{self.content_changed_at.timestamp():.6f}"
        return f"{changed}-{int(time.time()) // CONTENT_LIFETIME}"


class TenantModel(models.Model):
    """Base of every model that belongs to one municipality.

    The default manager refuses to query unless a municipality scope is active
    (`django_scopes.scope(municipality=…)`) or scopes are disabled on purpose.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )

    objects: ClassVar[Any] = ScopedManager(municipality="municipality")
    # Whether a change to a row can change what the public pages show (see core.page_cache).
    shown_on_public_pages: ClassVar[bool] = True

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        """`get_<field>_display()`: the label from a table per field and language.

        Django's own version hashes every (lazily translated) label of the field on each
        call, which a list of a hundred rows pays a few thousand times.
        """
        value = getattr(self, field.attname)
        try:
            return choice_labels(field, get_language()).get(value, value)
        except TypeError:  # an unhashable value
            return super()._get_FIELD_display(field)  # type: ignore[misc]


@cache
def choice_labels(field: models.Field, language: str | None) -> dict[Any, str]:
    """The labels of a field's choices in one language: fixed for the life of the process."""
    return {value: str(label) for value, label in field.flatchoices}


class Department(TenantModel):
    """A unit of the city administration (Referat, Amt, Fachbereich, Dienststelle …)."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("Division (Referat, Dezernat)")
        OFFICE = "office", _("Office (Amt, Fachbereich)")
        UNIT = "unit", _("Unit (Dienststelle, Abteilung)")
        STAFF_UNIT = "staff_unit", _("Staff unit (Stabsstelle, Beauftragte)")
        COMPANY = "company", _("Municipal company")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="department_unique_name_per_municipality"
            )
        ]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self) -> str:
        return f"{self.short_name} – {self.name}" if self.short_name else self.name


class AuditEntry(TenantModel):
    """One change in a municipality: who did what to which object, and when."""

    shown_on_public_pages = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("object type"), max_length=80, blank=True)
    target_id = models.CharField(_("object id"), max_length=40, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-created_at", "-id"]),
            models.Index(fields=["municipality", "action"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class JobRun(models.Model):
    """The last run of one periodic job (`core.jobs`): one row per job, shared by every
    scheduler, so that a job runs once per interval however many schedulers there are."""

    name = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)
    summary = models.TextField(blank=True)
    error = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RetentionPeriod(TenantModel):
    """How long a municipality keeps one kind of data (`core.retention`); a kind without a
    row here is kept for its default period."""

    shown_on_public_pages = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="retention_periods"
    )
    kind = models.CharField(_("kind of data"), max_length=80)
    days = models.PositiveIntegerField(_("days"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="retention_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"
