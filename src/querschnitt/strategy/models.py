"""The strategy of a municipality's integration work: its fields of action, its target system
(guiding principle → strategic → operational goals) and the indicators for controlling."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField, translate


class FieldOfAction(TenantModel):
    """A field of action (Handlungsfeld, Handlungsschwerpunkt) that structures the work."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="fields_of_action"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="field_of_action_unique_key"
            )
        ]

    def __str__(self) -> str:
        return translate(self.name).text


class Goal(TenantModel):
    """A goal of the municipality's target system, as a tree: a guiding principle (Leitbild)
    → strategic goals → operational goals. Each stands under fields of action; the measures
    of the catalogue serve goals (`measures.Measure.goals`)."""

    class Level(models.TextChoices):
        GUIDING_PRINCIPLE = "guiding_principle", _("Guiding principle")
        STRATEGIC = "strategic", _("Strategic goal")
        OPERATIONAL = "operational", _("Operational goal")

    # The level each level may stand under (None: at the top).
    PARENT_LEVELS: ClassVar[dict[str, tuple[str | None, ...]]] = {
        "guiding_principle": (None,),
        "strategic": (None, "guiding_principle"),
        "operational": ("strategic",),
    }

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same in exports and imports, for example Z-1.2."),
    )
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"))
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="goals", verbose_name=_("fields of action")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="goal_unique_key")
        ]
        indexes = [models.Index(fields=["municipality", "level", "position"])]

    def __str__(self) -> str:
        return f"{self.key} {translate(self.title).text}"


class GoalVersion(TenantModel):
    """One version of a guiding principle's text, with the date the council adopted it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = TranslatedTextField(_("text"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("For example: Gemeinderat")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("version of the guiding principle")
        verbose_name_plural = _("versions of the guiding principle")
        ordering = ["goal", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "goal", "number"], name="goal_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal.key} v{self.number}"


class ControllingIndicator(TenantModel):
    """A figure for controlling (Kennzahl): reported by departments against targets per year.

    Unlike the monitoring's indicators, which are computed from statistics and describe the
    state of the city, a controlling indicator measures what the city does (Hannover's split
    of monitoring from controlling). It may point to a monitoring indicator whose values show
    the state it aims at."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="controlling_indicators"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("definition"))
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("For example: participants, %, euros")
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=0, validators=[MaxValueValidator(3)]
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("year of the baseline"), null=True, blank=True
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal"),
    )
    monitoring_indicator = models.ForeignKey(
        "monitoring.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="controlling_indicators",
        verbose_name=_("indicator of the monitoring"),
        help_text=_("Its values for the whole city are shown beside this indicator."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("controlling indicator")
        verbose_name_plural = _("controlling indicators")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="controlling_indicator_unique_key"
            )
        ]

    def __str__(self) -> str:
        return translate(self.name).text or self.key


class IndicatorTarget(TenantModel):
    """The value a controlling indicator should reach in one year."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        ControllingIndicator, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "year"], name="indicator_target_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class IndicatorActual(TenantModel):
    """A value a controlling indicator actually had, with its source and reference date
    (entered by the office, or reported by a department with its progress report)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        ControllingIndicator, on_delete=models.CASCADE, related_name="actuals"
    )
    measured_on = models.DateField(_("reference date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=200)
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["indicator", "measured_on", "id"]
        indexes = [models.Index(fields=["municipality", "indicator", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.measured_on}: {self.value}"
