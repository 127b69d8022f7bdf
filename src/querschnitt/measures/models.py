"""The catalogue of measures and its controlling: measures on the municipality's own decision
path, frozen editions of the catalogue, department reports and the roll-up of progress."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.files import UploadTo
from querschnitt.core.models import Department, Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField, translate
from querschnitt.strategy.models import ControllingIndicator, FieldOfAction, Goal, IndicatorActual

if TYPE_CHECKING:
    from querschnitt.measures.periods import Period

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Interval(models.TextChoices):
    """How often the department in charge reports on a measure."""

    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


class MeasuresSettings(TenantModel):
    """How a municipality runs its reporting: the usual interval, when a report is due after
    its period, and up to when reporting is closed (for the council report)."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="measures_settings"
    )
    default_interval = models.CharField(
        _("reports are due"), max_length=10, choices=Interval.choices, default=Interval.QUARTERLY
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days to report after a period"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("A report not written this many days after its period ends is late."),
    )
    reporting_closed_until = models.DateField(
        _("reporting closed up to"),
        null=True,
        blank=True,
        help_text=_(
            "Reports for periods that end on or before this date can no longer be written "
            "or changed, for example once the council report is out."
        ),
    )

    class Meta:
        verbose_name = _("settings of the measures")

    def __str__(self) -> str:
        return str(self.municipality)


class MeasureState(TenantModel):
    """A state on the municipality's decision path (proposed, adopted, in implementation …).

    States are data: each municipality names its own and says what each one means for the
    catalogue, the reports and the roll-up."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="measure_states"
    )
    key = models.SlugField(_("key"), max_length=40, help_text=_("Used in exports and imports."))
    name = TranslatedTextField(_("name"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_initial = models.BooleanField(
        _("proposals start here"),
        default=False,
        help_text=_("New proposals get this state. Exactly one state is the first."),
    )
    in_catalogue = models.BooleanField(
        _("in the catalogue"),
        default=False,
        help_text=_(
            "Measures in this state are part of the catalogue: they are published, frozen "
            "into editions and counted in the progress."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Measures in this state are shown on the public pages."),
    )
    reporting = models.BooleanField(
        _("reports are due"),
        default=False,
        help_text=_("The department in charge reports on measures in this state."),
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("Completed, rejected or withdrawn.")
    )
    default_progress = models.PositiveSmallIntegerField(
        _("progress without a report (%)"),
        default=0,
        validators=PERCENT,
        help_text=_("The progress a measure in this state counts with until it has a report."),
    )

    class Meta:
        verbose_name = _("state")
        verbose_name_plural = _("states")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="measure_state_key"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_initial=True),
                name="measure_state_one_initial",
            ),
            models.CheckConstraint(
                condition=models.Q(default_progress__lte=100), name="measure_state_progress"
            ),
        ]

    def __str__(self) -> str:
        return translate(self.name).text or self.key


class Transition(TenantModel):
    """A step of the decision path from one state to another, done by or in a body (the
    steering group drafts, the council adopts) or by the office when no body is named."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="measure_transitions"
    )
    key = models.SlugField(_("key"), max_length=40)
    name = TranslatedTextField(_("name"))
    from_state = models.ForeignKey(
        MeasureState, on_delete=models.PROTECT, related_name="outgoing", verbose_name=_("from")
    )
    to_state = models.ForeignKey(
        MeasureState, on_delete=models.PROTECT, related_name="incoming", verbose_name=_("to")
    )
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_transitions",
        verbose_name=_("body"),
        help_text=_("The body that takes this step; empty when the office takes it."),
    )
    needs_meeting = models.BooleanField(
        _("in a meeting"),
        default=False,
        help_text=_("The step is taken in a meeting of the body, which must be named."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["from_state__position", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="measure_transition_key"),
            models.CheckConstraint(
                condition=~models.Q(from_state=models.F("to_state")),
                name="measure_transition_moves",
            ),
        ]

    def __str__(self) -> str:
        return translate(self.name).text or self.key


class Measure(TenantModel):
    """A measure (Maßnahme) that realises goals: proposed by someone entitled, decided on the
    municipality's path, carried out by departments, reported on and rolled up.

    `version` moves with every change, so that two people editing at once find out instead
    of overwriting each other. `reported_*` hold what its latest report says."""

    class ProposerKind(models.TextChoices):
        WORKING_GROUP = "working_group", _("a working group")
        BODY = "body", _("a body")
        ORGANISATION = "organisation", _("an organisation of the network")
        DEPARTMENT = "department", _("a department")
        OFFICE = "office", _("the integration office")

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("on track")
        AT_RISK = "at_risk", _("at risk")
        DELAYED = "delayed", _("delayed")
        DONE = "done", _("done")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="measures"
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("Stays the same in exports and imports, e.g. M-2025-07."),
    )
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"))
    state = models.ForeignKey(
        MeasureState, on_delete=models.PROTECT, related_name="measures", verbose_name=_("state")
    )
    state_since = models.DateField(_("in this state since"), default=date.today)
    proposer_kind = models.CharField(
        _("proposed by"), max_length=20, choices=ProposerKind.choices, default=ProposerKind.OFFICE
    )
    proposer_body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_proposed",
        verbose_name=_("proposing body or working group"),
    )
    proposer_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_proposed",
        verbose_name=_("proposing organisation"),
    )
    proposer_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_proposed",
        verbose_name=_("proposing department"),
    )
    proposer_name = models.CharField(_("contact person"), max_length=200, blank=True)
    proposer_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("For the answer to the proposal; not public.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_proposed",
    )
    proposed_on = models.DateField(_("proposed on"), default=date.today)
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="measures", verbose_name=_("fields of action")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("goals served")
    )
    target_groups = models.CharField(
        _("target groups"),
        max_length=300,
        blank=True,
        help_text=_("For example: newcomers; young people; women"),
    )
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_led",
        verbose_name=_("department in charge"),
        help_text=_("It reports on the measure."),
    )
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="measures_shared",
        verbose_name=_("further departments"),
    )
    partners = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="measures_as_partner",
        verbose_name=_("partner organisations"),
    )
    start_date = models.DateField(_("begins"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    reporting_interval = models.CharField(
        _("reports"),
        max_length=10,
        choices=Interval.choices,
        blank=True,
        help_text=_("Empty: as the settings say."),
    )
    reporting_since = models.DateField(
        _("reported on since"),
        null=True,
        blank=True,
        help_text=_("Set when the measure first reaches a state in which reports are due."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the roll-up of progress; empty counts as 1, 0 does not count."),
    )
    indicators = models.ManyToManyField(
        ControllingIndicator, blank=True, related_name="measures", verbose_name=_("indicators")
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the public pages once its state is public."),
    )
    version = models.PositiveIntegerField(default=1)
    reported_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    reported_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    # End of the last period up to which every period has its report (no gap before it).
    reports_complete_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="measure_unique_key"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="measure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=0),
                name="measure_weight_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "state", "key"]),
            models.Index(fields=["municipality", "lead_department", "state"]),
            # covers counting the catalogue (state, public, since when closed) without the rows
            models.Index(fields=["municipality", "state", "is_public", "state_since"]),
            # the measures that owe reports (their unbroken run of reports ends early)
            models.Index(fields=["municipality", "reports_complete_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} {translate(self.title).text}"

    @property
    def proposer_label(self) -> str:
        """Who proposed it: the body, organisation or department by name, or the kind."""
        named = self.proposer_body or self.proposer_organisation or self.proposer_department
        return str(named.name) if named is not None else str(self.get_proposer_kind_display())

    @property
    def public_proposer_label(self) -> str:
        """`proposer_label` as the public sees it: an organisation of the network is named
        only while it is publicly listed (published and public), otherwise by its kind."""
        organisation = self.proposer_organisation
        if organisation is not None and not organisation.is_publicly_listed:
            return str(self.get_proposer_kind_display())
        return self.proposer_label


class BudgetLine(TenantModel):
    """The money planned for a measure in one year, and what its reports say was spent."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(_("planned (EUR)"), max_digits=14, decimal_places=2)
    spent = models.DecimalField(_("spent (EUR)"), max_digits=14, decimal_places=2, null=True)

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "year"], name="budget_line_unique_year"
            ),
            models.CheckConstraint(condition=models.Q(planned__gte=0), name="budget_planned"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.year}: {self.planned}"


class StateChange(TenantModel):
    """One step a measure took on the decision path: who recorded it and when, the body and
    meeting it was taken in, the paper and resolution, and the answer to the proposer (which
    may be published on its own)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history")
    transition = models.ForeignKey(
        Transition, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.ForeignKey(
        MeasureState, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_state = models.ForeignKey(MeasureState, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    body = models.ForeignKey(
        "bodies.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "bodies.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_decisions",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        "bodies.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_decisions",
        verbose_name=_("agenda item"),
    )
    paper = models.ForeignKey(
        "bodies.Paper",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_decisions",
        verbose_name=_("paper"),
    )
    resolution = models.TextField(_("resolution"), blank=True)
    answer = models.TextField(
        _("answer to the proposer"),
        blank=True,
        help_text=_("What is said back to whoever proposed the measure."),
    )
    answer_public = models.BooleanField(
        _("publish the answer"),
        default=False,
        help_text=_("The answer appears on the public page of the measure."),
    )
    note = models.TextField(_("internal note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step taken")
        verbose_name_plural = _("steps taken")
        ordering = ["measure", "decided_on", "id"]
        indexes = [models.Index(fields=["municipality", "measure", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.from_state_id} → {self.to_state_id}"


class Catalogue(TenantModel):
    """An edition of the catalogue frozen at a date ("Stand 12.07.2013"). Its rows are never
    changed: the database refuses every UPDATE and DELETE of editions and their entries
    (triggers, migration 0002)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="catalogues"
    )
    year = models.PositiveSmallIntegerField(_("catalogue for the year"))
    as_of = models.DateField(_("as of"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Counts of the changes to the previous edition: {"added": n, "removed": n, "changed": n}.
    summary = models.JSONField(default=dict)
    measures_count = models.PositiveIntegerField(default=0)
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["-as_of", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "as_of"], name="catalogue_unique_date")
        ]

    def __str__(self) -> str:
        return self.title


class CatalogueEntry(TenantModel):
    """One measure as it stood in a frozen edition: a copy of what was published, so that
    the edition stays as it was whatever happens to the measure later. Names of departments,
    partners and goals are copied; no person is named."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="entries")
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, related_name="catalogue_entries"
    )
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    state_key = models.CharField(max_length=40)
    state_name = models.JSONField(default=dict)
    # [[key, {"de": name, …}], …] of the fields of action and of the goals
    fields_of_action = models.JSONField(default=list)
    goals = models.JSONField(default=list)
    target_groups = models.CharField(max_length=300, blank=True)
    lead_department = models.CharField(max_length=300, blank=True)
    departments = models.JSONField(default=list)
    partners = models.JSONField(default=list)
    proposer = models.CharField(max_length=300, blank=True)
    start_date = models.DateField(null=True)
    end_date = models.DateField(null=True)
    # {"2013": "12000.00", …}
    budget = models.JSONField(default=dict)

    class Meta:
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "catalogue", "key"], name="catalogue_entry_unique_key"
            )
        ]
        indexes = [models.Index(fields=["municipality", "catalogue", "position"])]

    def __str__(self) -> str:
        return f"{self.key} {translate(self.title).text}"


class Production(models.TextChoices):
    """Where the making of a document (PDF) in the background stands."""

    NONE = "", _("not produced yet")
    QUEUED = "queued", _("waiting to be produced")
    RUNNING = "running", _("being produced")
    DONE = "done", _("produced")
    FAILED = "failed", _("production failed")


class CatalogueDocument(TenantModel):
    """The PDF of a frozen edition, produced in the background after freezing (the edition
    itself cannot change, so its documents live here)."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    catalogue = models.OneToOneField(Catalogue, on_delete=models.PROTECT, related_name="document")
    state = models.CharField(max_length=10, choices=Production.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to=UploadTo("catalogues"), max_length=400, blank=True)
    produced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"PDF {self.catalogue_id}"


class ProgressReport(TenantModel):
    """A department's report on a measure for one period: progress, milestones, money spent
    in the year so far, actual values of its indicators, and a status with its reason."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=PERCENT)
    status = models.CharField(_("status"), max_length=10, choices=Measure.Status.choices)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the measure is at risk, delayed or done.")
    )
    milestones = models.TextField(_("milestones reached"), blank=True)
    budget_spent = models.DecimalField(
        _("spent in the year so far (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the department does not report money."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["measure", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "period_start"], name="report_unique_period"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "measure", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period_start}"

    @property
    def period(self) -> "Period":
        from querschnitt.measures.periods import Period

        return Period(self.period_start, self.period_end)


class ReportValue(TenantModel):
    """An actual value of an indicator given with a report (kept with the indicator)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    actual = models.OneToOneField(IndicatorActual, on_delete=models.CASCADE, related_name="report")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.actual_id}"


class LateReminder(TenantModel):
    """That the department in charge was reminded of a late report (sent once per period)."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    period_end = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure", "period_end"], name="late_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period_end}"


class InventoryEntry(TenantModel):
    """What a department already does for integration in a field of action (the
    cross-cutting inventory, Bestandsaufnahme)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="inventory_entries"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="inventory_entries",
        verbose_name=_("department"),
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="inventory_entries",
        verbose_name=_("field of action"),
    )
    title = models.CharField(_("what the department does"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    since_year = models.PositiveSmallIntegerField(_("since"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inventory entry")
        verbose_name_plural = _("inventory")
        ordering = ["department__name", "title"]
        indexes = [models.Index(fields=["municipality", "department", "field_of_action"])]

    def __str__(self) -> str:
        return self.title


class Rollup(TenantModel):
    """The progress rolled up from measures to goals and fields of action, as last computed:
    for the public (public measures only) or for the office (every measure in the catalogue).

    `rows` is the published table the figures are computed from (the weights CSV), so that
    the dashboard and its CSV always agree."""

    class Scope(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal")

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    computed_at = models.DateTimeField()
    csv = models.TextField(default="")
    # {"total": figure, "field:<id>": figure, "goal:<id>": figure}; a figure is
    # {"measures": n, "weight": "…", "progress": "…" or None, "budget": {year: [planned, spent]}}
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "scope"], name="rollup_unique_scope")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.computed_at}"


class CouncilReport(TenantModel):
    """The yearly report to the council: the catalogue, its progress, its indicators and the
    department reports, produced as HTML and PDF in the background."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("reporting year"))
    language = models.CharField(_("language"), max_length=8, default="de")
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(max_length=10, choices=Production.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    html_file = models.FileField(upload_to=UploadTo("council-reports"), max_length=400, blank=True)
    pdf_file = models.FileField(upload_to=UploadTo("council-reports"), max_length=400, blank=True)
    produced_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"


class MeasureImport(TenantModel):
    """An uploaded list of measures: what each row would do, until it is applied or dropped."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("preview")
        APPLIED = "applied", _("applied")

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    # The file itself until the import is applied (read again then, all or nothing).
    content = models.BinaryField(default=b"")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    # {"rows": [...], "problems": [...], "counts": {...}}
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
