"""Integration monitoring: sources, areas, figures and their tables, indicators, reports."""

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedText, TranslatedTextField, translate
from querschnitt.monitoring.dimensions import Definition

# Licences of the DCAT-AP.de list (http://dcat-ap.de/def/licenses/) that suit public statistics.
LICENCES = [
    (
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "Datenlizenz Deutschland – Namensnennung – 2.0",
    ),
    ("http://dcat-ap.de/def/licenses/dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – 2.0"),
    ("http://dcat-ap.de/def/licenses/cc-by/4.0", "Creative Commons Namensnennung 4.0"),
    ("http://dcat-ap.de/def/licenses/cc-zero", "Creative Commons CC Zero"),
]
DEFAULT_LICENCE = LICENCES[0][0]


class Source(TenantModel):
    """Where figures come from (register, employment agency, school statistics …), with the
    confidentiality rule that applies before anything of it is published."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="statistics_sources"
    )
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who produces the statistics, e.g. the state statistical office."),
    )
    url = models.URLField(_("web address"), blank=True)
    min_count = models.PositiveSmallIntegerField(
        _("smallest publishable count"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Counts from 1 up to below this number are hidden (shown as “.”)."),
    )
    protection = models.PositiveSmallIntegerField(
        _("protection interval"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "No hidden count may be narrowed down to a range smaller than this from the "
            "published tables."
        ),
    )
    rounding = models.PositiveSmallIntegerField(
        _("rounding"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Published counts are rounded to multiples of this number (1: not rounded)."),
    )
    licence = models.CharField(
        _("licence"), max_length=100, choices=LICENCES, default=DEFAULT_LICENCE
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        blank=True,
        help_text=_("How users of the data name the source, e.g. “Stadt Mannheim, Statistik”."),
    )
    notes = TranslatedTextField(_("notes on the method"))

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="monitoring_source_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(TenantModel):
    """A part of the municipality that statistics are counted for (Stadtbezirk)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="statistical_areas"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=120)
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("A GeoJSON polygon in WGS 84.")
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="monitoring_area_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Figure(TenantModel):
    """A statistic that is imported: counted by area and year and by some dimensions, e.g.
    residents by sex, age group and migration background. Published as one table per year."""

    class Origin(models.TextChoices):
        REGISTER = "register", _("population register extract")
        TABLE = "table", _("imported table")

    class AreaLevel(models.TextChoices):
        DISTRICT = "district", _("districts and the whole municipality")
        MUNICIPALITY = "municipality", _("the whole municipality only")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="statistics_figures"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("who is counted"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="figures", verbose_name=_("source")
    )
    definition = models.CharField(
        _("definition of migration background"),
        max_length=20,
        choices=Definition.choices,
        default=Definition.NONE,
    )
    dims = models.JSONField(_("dimensions"), default=list)
    area_level = models.CharField(
        _("areas"), max_length=20, choices=AreaLevel.choices, default=AreaLevel.DISTRICT
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.TABLE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="monitoring_figure_key")
        ]

    def __str__(self) -> str:
        return self.title.text or self.key

    @property
    def title(self) -> TranslatedText:
        return translate(self.name)


class FigureTable(TenantModel):
    """A figure on one reference date: one table with every margin, stored dense. `values`
    are the true counts and stay in the office; `shown` (null where hidden) and `symbols` are
    what may be published, computed from them by the source's rule."""

    # Written in bulk; the services move the municipality's content version themselves.
    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="tables")
    year = models.PositiveSmallIntegerField(_("year"))
    reference_date = models.DateField(_("reference date"))
    dims = models.JSONField(default=list)
    categories = models.JSONField(default=list)
    labels = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=list)
    shown = models.JSONField(default=list)
    # One character per cell: " " published, "p"/"s" hidden (primary/secondary), "-" a true
    # zero, "0" a small count rounded to zero.
    symbols = models.TextField(default="")
    import_run = models.ForeignKey(
        "ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["figure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "figure", "year"], name="monitoring_table_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure_id} {self.year}"


class Indicator(TenantModel):
    """A figure with unit and direction, defined as data: a numerator and perhaps a
    denominator over imported figures, with filters, series and a breakdown."""

    class Topic(models.TextChoices):
        POPULATION = "population", _("Population and migration")
        CITIZENSHIP = "citizenship", _("Citizenship and naturalisation")
        CHILDCARE = "childcare", _("Early childhood education")
        EDUCATION = "education", _("School education")
        LABOUR = "labour", _("Work and income")
        SEGREGATION = "segregation", _("Living together in the districts")

    class Unit(models.TextChoices):
        COUNT = "count", _("persons")
        PERCENT = "percent", _("per cent")
        PER_THOUSAND = "per_thousand", _("per thousand")

    class Direction(models.TextChoices):
        NEUTRAL = "neutral", _("describes, no direction")
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.SlugField(_("address"), max_length=60)
    code = models.CharField(
        _("code"), max_length=12, blank=True, help_text=_("E.g. the code in the Länder set.")
    )
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("definition"))
    relevance = TranslatedTextField(_("why it matters"))
    method = TranslatedTextField(_("notes on the method"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=1, validators=[MaxValueValidator(3)]
    )
    numerator = models.ForeignKey(
        Figure, on_delete=models.PROTECT, related_name="+", verbose_name=_("numerator")
    )
    numerator_filter = models.JSONField(_("numerator filter"), default=dict, blank=True)
    denominator = models.ForeignKey(
        Figure,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("denominator"),
    )
    denominator_filter = models.JSONField(_("denominator filter"), default=dict, blank=True)
    denominator_year_offset = models.SmallIntegerField(
        _("denominator from the year"),
        default=0,
        choices=[(0, _("the same year")), (-1, _("the previous year"))],
    )
    breakdown = models.CharField(_("breakdown"), max_length=20, blank=True)
    breakdown_in_denominator = models.BooleanField(
        _("the denominator follows the breakdown"), default=True
    )
    series = models.JSONField(_("series"), default=list, blank=True)
    is_standard = models.BooleanField(default=False)
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="monitoring_indicator_key")
        ]

    def __str__(self) -> str:
        return self.title.text or self.key

    @property
    def title(self) -> TranslatedText:
        return translate(self.name)

    @property
    def unit_symbol(self) -> str:
        return {"percent": "%", "per_thousand": "‰"}.get(self.unit, "")

    @property
    def scale(self) -> int:
        return {self.Unit.PERCENT: 100, self.Unit.PER_THOUSAND: 1000}.get(self.unit, 1)  # type: ignore[call-overload]

    def series_list(self) -> list[dict[str, Any]]:
        return self.series or [{"key": "", "label": {}, "numerator": {}, "denominator": {}}]


class IndicatorValue(TenantModel):
    """One published value of an indicator, computed from published cells only."""

    # Written in bulk; `indicators_recompute` moves the municipality's content version.
    shown_on_public_pages: ClassVar[bool] = False

    class Symbol(models.TextChoices):
        NUMBER = "", _("a value")
        HIDDEN = ".", _("hidden (confidentiality)")
        ZERO = "-", _("nothing (true zero)")
        NOT_MEANINGFUL = "x", _("not meaningful (no base)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField()
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, related_name="+")
    series = models.CharField(max_length=40, blank=True)
    category = models.CharField(max_length=40, blank=True)
    value = models.FloatField(null=True)
    symbol = models.CharField(max_length=1, blank=True, choices=Symbol.choices)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "indicator", "year"]),
            models.Index(fields=["municipality", "area", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year} {self.area_id} {self.value}"


class ImportRun(TenantModel):
    """An uploaded file: checked first (a report naming row, column and value of every
    problem), applied only when confirmed and only if nothing is wrong. An uploaded register
    extract is kept (`upload`, private) only until the worker has counted it; then only the
    aggregates are kept here, never its rows."""

    shown_on_public_pages: ClassVar[bool] = False

    class Kind(models.TextChoices):
        TABLE = "table", _("table")
        REGISTER = "register", _("register extract")

    class State(models.TextChoices):
        COUNTING = "counting", _("being checked and counted")
        CHECKED = "checked", _("checked, waiting for confirmation")
        FAILED = "failed", _("refused: the file has errors")
        APPLIED = "applied", _("imported")
        DISCARDED = "discarded", _("discarded")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices)
    file_name = models.CharField(_("file"), max_length=255)
    figure = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    metadata = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True)
    # The aggregated tables that applying writes: {figure key: {year: {...}}}
    result = models.JSONField(default=dict, blank=True)
    upload = models.FileField(upload_to="monitoring/extracts/", blank=True)
    progress_done = models.PositiveSmallIntegerField(default=0)
    progress_total = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "state", "created_at"])]

    def __str__(self) -> str:
        return self.file_name


class MonitoringSettings(TenantModel):
    """How the municipality publishes its monitoring as open data (DCAT-AP.de)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="monitoring_settings"
    )
    contributor_id = models.URLField(
        _("GovData contributor ID"),
        blank=True,
        help_text=_(
            "The IRI from the list http://dcat-ap.de/def/contributors/ of the portal that "
            "delivers this catalogue to GovData (the state's portal, if the municipality has "
            "none of its own)."
        ),
    )
    licence = models.CharField(
        _("licence of the open data"), max_length=100, choices=LICENCES, default=DEFAULT_LICENCE
    )
    publisher_name = models.CharField(_("publisher"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail for the data"), blank=True)

    class Meta:
        verbose_name = _("monitoring settings")

    def __str__(self) -> str:
        return str(self.municipality)


class Report(TenantModel):
    """An integration report composed from sections and produced as HTML and PDF."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Rendering(models.TextChoices):
        NONE = "", _("not produced yet")
        QUEUED = "queued", _("waiting to be produced")
        RUNNING = "running", _("being produced")
        DONE = "done", _("produced")
        FAILED = "failed", _("production failed")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="de")
    year = models.PositiveSmallIntegerField(_("reporting year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    rendering = models.CharField(max_length=10, choices=Rendering.choices, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    rendering_error = models.TextField(blank=True)
    html_file = models.FileField(upload_to="reports/%Y/", blank=True)
    pdf_file = models.FileField(upload_to="reports/%Y/", blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every change of the report or its sections (not by producing it).
    content_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "-created_at"]
        indexes = [models.Index(fields=["municipality", "state", "-year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def is_stale(self) -> bool:
        """Changed since it was last produced."""
        return self.rendered_at is not None and self.content_changed_at > self.rendered_at


class ReportSection(TenantModel):
    """A part of a report: a text, an indicator with charts and tables, the segregation of
    groups across districts, or what another app contributes (see `report_sections`)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        INDICATOR = "indicator", _("indicator with chart and table")
        SEGREGATION = "segregation", _("segregation across districts")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=40, default="text")
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    show_time_series = models.BooleanField(_("time series"), default=True)
    show_districts = models.BooleanField(_("comparison of districts"), default=True)
    show_map = models.BooleanField(_("map"), default=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["municipality", "report", "position"])]

    def __str__(self) -> str:
        return self.heading or self.kind

    @property
    def kind_label(self) -> str:
        from querschnitt.monitoring.report_sections import kinds

        kind = kinds.get(self.kind)
        return str(kind.label) if kind else self.kind
