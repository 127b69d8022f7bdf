"""Papers (Vorlagen, Anträge, Anfragen, Mitteilungen), their path through the bodies
(consultations) and the files of papers and meetings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.bodies.models.base import OParlObject
from querschnitt.bodies.models.bodies import Body, Person
from querschnitt.bodies.models.meetings import AgendaItem, Meeting
from querschnitt.core.models import Department, Municipality, TenantModel


class Paper(OParlObject):
    """A paper that bodies deliberate on. The public sees it once published, if it is public;
    members of the bodies it goes through and the office always see it."""

    class Type(models.TextChoices):
        SUBMISSION = "submission", _("Submission (Vorlage)")
        MOTION = "motion", _("Motion (Antrag)")
        INQUIRY = "inquiry", _("Inquiry (Anfrage)")
        COMMUNICATION = "communication", _("Communication (Mitteilung)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="papers")
    reference = models.CharField(
        _("reference number"), max_length=50, help_text=_("For example: V 2025/017")
    )
    name = models.CharField(_("title"), max_length=300)
    paper_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    date = models.DateField(_("date"))
    public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "A paper that is not public is seen only by the office and the members "
            "of the bodies it goes through."
        ),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    summary = models.TextField(
        _("text"), blank=True, help_text=_("The proposal or question, as the paper states it.")
    )
    originator_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("department in charge"),
    )
    superordinate = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("belongs to the paper"),
    )
    # Folded words and stems of title, reference, text and the text of the public files
    # (see bodies/search.py); indexed for substring search.
    search_text = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="paper_unique_reference"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "-date", "-id"]),
            models.Index(fields=["municipality", "paper_type", "-date", "-id"]),
            models.Index(fields=["municipality", "published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class PaperOriginator(TenantModel):
    """Who submitted a paper: a person or a body (one of the two)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="originators")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="papers_originated"
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="papers_originated"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True, body__isnull=False)
                | models.Q(person__isnull=False, body__isnull=True),
                name="paper_originator_person_or_body",
            ),
            models.UniqueConstraint(
                fields=["municipality", "paper", "person"],
                condition=models.Q(person__isnull=False),
                name="paper_originator_unique_person",
            ),
            models.UniqueConstraint(
                fields=["municipality", "paper", "body"],
                condition=models.Q(body__isnull=False),
                name="paper_originator_unique_body",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.body)


class Consultation(OParlObject):
    """One step on a paper's path: a body deliberates on it, in a meeting once planned."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary deliberation")
        HEARING = "hearing", _("Hearing")
        DECISION = "decision", _("Decision")
        NOTING = "noting", _("For information")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="consultations"
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("body")
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("agenda item"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    authoritative = models.BooleanField(
        _("decides"), default=False, help_text=_("This body takes the decision.")
    )
    order = models.PositiveSmallIntegerField(_("step"), default=0)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["paper", "order", "id"]
        indexes = [
            models.Index(fields=["municipality", "paper", "order"]),
            models.Index(fields=["municipality", "body"]),
        ]

    def __str__(self) -> str:
        return f"{self.paper.reference} – {self.body}"


class File(OParlObject):
    """A document of a paper, a meeting or an agenda item, stored with its checksum and its
    text (for search). Its type is judged by content on upload (`core.files`)."""

    class Role(models.TextChoices):
        MAIN = "main", _("Main document")
        AUXILIARY = "auxiliary", _("Annex")
        INVITATION = "invitation", _("Invitation")
        RESULTS_PROTOCOL = "results_protocol", _("Minutes")
        VERBATIM_PROTOCOL = "verbatim_protocol", _("Verbatim record")
        RESOLUTION = "resolution", _("Resolution")

    class TextState(models.TextChoices):
        PENDING = "pending", _("Text being read")
        DONE = "done", _("Text read")
        NONE = "none", _("No text")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("title"), max_length=300)
    file = models.FileField(max_length=400)
    file_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha512 = models.CharField(max_length=128)
    text = models.TextField(blank=True)
    text_state = models.CharField(
        max_length=10, choices=TextState.choices, default=TextState.PENDING
    )
    date = models.DateField(_("date"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=True)
    role = models.CharField(_("kind of document"), max_length=20, choices=Role.choices)
    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["role", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    paper__isnull=False, meeting__isnull=True, agenda_item__isnull=True
                )
                | models.Q(paper__isnull=True, meeting__isnull=False, agenda_item__isnull=True)
                | models.Q(paper__isnull=True, meeting__isnull=True, agenda_item__isnull=False),
                name="file_has_one_parent",
            ),
            models.UniqueConstraint(
                fields=["municipality", "paper"],
                condition=models.Q(role="main"),
                name="file_one_main_per_paper",
            ),
            models.UniqueConstraint(
                fields=["municipality", "meeting", "role"],
                condition=models.Q(
                    role__in=["invitation", "results_protocol", "verbatim_protocol"]
                ),
                name="file_one_protocol_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["municipality", "agenda_item"],
                condition=models.Q(role="resolution"),
                name="file_one_resolution_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "paper"]),
            models.Index(fields=["municipality", "meeting"]),
            models.Index(fields=["municipality", "agenda_item"]),
        ]

    def __str__(self) -> str:
        return self.name
