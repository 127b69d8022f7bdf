"""The network of local actors: organisations, declarations and alliances, contacts, mailings,
imports. Every model belongs to one municipality."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.files import UploadTo
from querschnitt.core.models import Municipality, TenantModel, Visibility
from querschnitt.core.translation import TranslatedTextField


class Topic(models.TextChoices):
    """What an organisation works on; a fixed list so that filters work across municipalities."""

    LANGUAGE = "language", _("Language and courses")
    EDUCATION = "education", _("Education and school")
    WORK = "work", _("Work and vocational training")
    COUNSELLING = "counselling", _("Counselling")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family and children")
    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    SENIORS = "seniors", _("Older people")
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture and art")
    RELIGION = "religion", _("Religion and interreligious dialogue")
    ANTI_DISCRIMINATION = "anti_discrimination", _("Anti-discrimination")
    DEMOCRACY = "democracy", _("Democracy and participation")
    VOLUNTEERING = "volunteering", _("Volunteering")
    REFUGEES = "refugees", _("Refugees and new arrivals")


def fact_label(value: bool | None) -> str:
    """A fact about accessibility as it is told: yes, no, or not known (None)."""
    if value is None:
        return str(_("not known"))
    return str(_("yes") if value else _("no"))


class District(TenantModel):
    """A part of the municipality (Stadtbezirk, Stadtteil) used to filter the directory."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(TenantModel):
    """A local actor: an association, a religious community, a company, a school …"""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
        RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
        WELFARE = "welfare", _("Welfare organisation or NGO")
        SPORTS_CLUB = "sports_club", _("Sports club")
        CULTURAL_INSTITUTION = "cultural_institution", _("Cultural institution")
        EDUCATION = "education", _("School or education provider")
        COMPANY = "company", _("Company")
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.ASSOCIATION
    )
    description = TranslatedTextField(_("description"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("district"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Three values: yes, no, not known (None). An unticked box never meant "no".
    wheelchair_accessible = models.BooleanField(
        _("step-free access"), null=True, blank=True, default=None
    )
    public_email = models.EmailField(_("public e-mail"), blank=True)
    public_phone = models.CharField(_("public telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # PNG or JPEG, checked by content; served by `network:organisation_logo`, never as /media/.
    logo = models.FileField(_("logo"), upload_to=UploadTo("logos"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    is_example = models.BooleanField(
        _("example data"), default=False, help_text=_("Fictional, for demonstration only.")
    )
    requested_by_name = models.CharField(_("requested by"), max_length=200, blank=True)
    requested_by_email = models.EmailField(_("e-mail of the requester"), blank=True)
    requested_language = models.CharField(
        _("language of the requester"),
        max_length=8,
        blank=True,
        help_text=_("Mail to the requester is written in this language."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    search_text = models.TextField(
        blank=True, editable=False, help_text="Normalised words and stems for the search."
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["municipality", "status", "name", "id"]),
            models.Index(fields=["municipality", "status", "kind"]),
            models.Index(fields=["municipality", "district"]),
            # the office's list of every status, by name: read in order, no sort
            # (selectors/staff_directory_sql.py)
            models.Index(
                fields=["municipality", "name", "id"], name="network_organisation_by_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_publicly_listed(self) -> bool:
        """Whether anyone may see it named: `selectors.listing.listed_condition` for one row."""
        return self.status == self.Status.PUBLISHED and self.visibility == Visibility.PUBLIC

    @property
    def wheelchair_accessible_label(self) -> str:
        return fact_label(self.wheelchair_accessible)


class OrganisationTopic(TenantModel):
    """One topic of an organisation (a row per topic, so that filters use an index)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "topic"], name="organisation_topic_unique"
            )
        ]
        indexes = [models.Index(fields=["municipality", "topic", "organisation"])]

    def __str__(self) -> str:
        return self.topic


class OrganisationLanguage(TenantModel):
    """A language spoken at an organisation (ISO 639-1 code)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "language"],
                name="organisation_language_unique",
            )
        ]
        indexes = [models.Index(fields=["municipality", "language", "organisation"])]

    def __str__(self) -> str:
        return self.language


class Representative(TenantModel):
    """A signed-in person who keeps an organisation's entry current."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "user"], name="representative_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class ChangeRequest(TenantModel):
    """Changes a representative proposed to an entry, waiting for the office's review."""

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="change_requests"
    )
    proposed = models.JSONField(_("proposed values"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["municipality", "state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_state_display()})"


class NetworkSettings(TenantModel):
    """How a municipality runs its network: review of changes, target time for signatures."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="network_settings"
    )
    review_changes = models.BooleanField(
        _("review changes by representatives"),
        default=True,
        help_text=_("Changes to published entries wait for the office's approval."),
    )
    signature_review_days = models.PositiveSmallIntegerField(
        _("target time to review a signature (days)"), default=42
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        _("days an unconfirmed request is kept"), default=7
    )

    def __str__(self) -> str:
        return str(self.municipality)


class Declaration(TenantModel):
    """A declaration that institutions sign (Mannheim: the Mannheimer Erklärung)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="declarations"
    )
    slug = models.SlugField(_("address"), max_length=80)
    title = TranslatedTextField(_("title"))
    summary = TranslatedTextField(_("summary"))
    signing_meaning = TranslatedTextField(
        _("what signing means"),
        help_text=_("Shown on the alliance page, e.g. that signing is a self-commitment."),
    )
    is_open_for_signing = models.BooleanField(_("open for signing"), default=True)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="declaration_unique_slug")
        ]

    def __str__(self) -> str:
        from querschnitt.core.translation import translate

        return translate(self.title).text


class DeclarationVersion(TenantModel):
    """One version of a declaration's text (e.g. 2009, extended 2016)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=80)
    text = TranslatedTextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "declaration", "label"], name="declaration_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration} ({self.label})"


class Alliance(TenantModel):
    """The alliance (Bündnis) formed by the accepted signatories of a declaration."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="alliances"
    )
    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, related_name="alliance"
    )
    slug = models.SlugField(_("address"), max_length=80)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"))
    launched_on = models.DateField(_("launched on"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="alliance_unique_slug")
        ]

    def __str__(self) -> str:
        from querschnitt.core.translation import translate

        return translate(self.name).text


class Signature(TenantModel):
    """An institution's signature of a declaration: its application to join the alliance."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail not yet confirmed")
        PENDING_REVIEW = "pending_review", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="signatures"
    )
    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="signatures"
    )
    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures"
    )
    # Empty once the signer's personal data is erased or its retention period has passed;
    # the fact of the signature (organisation, version, dates) stays.
    signer_name = models.CharField(_("name of the signing person"), max_length=200, blank=True)
    signer_function = models.CharField(_("function"), max_length=200, blank=True)
    signer_email = models.EmailField(_("e-mail address"), blank=True)
    signer_language = models.CharField(
        _("language of the signing person"),
        max_length=8,
        blank=True,
        help_text=_("Mail to the signing person is written in this language."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.UNCONFIRMED
    )
    submitted_at = models.DateTimeField(_("signed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "declaration", "state", "decided_at"]),
            models.Index(fields=["municipality", "state", "confirmed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_state_display()}"


class Contact(TenantModel):
    """A person at an organisation, known to the office. Never shown publicly."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["municipality", "email"]),
            # the office's list, by name: read in order, no sort (selectors/contacts_sql.py)
            models.Index(fields=["municipality", "name", "id"], name="network_contact_by_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Consent(TenantModel):
    """The legal basis on which the office may use a contact's data for one purpose."""

    shown_on_public_pages: ClassVar[bool] = False

    class Purpose(models.TextChoices):
        MAILINGS = "mailings", _("Mailings and newsletters")
        EVENTS = "events", _("Invitations to events")
        COORDINATION = "coordination", _("Coordination of the network")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Consent (Art. 6(1)(a) GDPR)")
        PUBLIC_TASK = "public_task", _("Public task (Art. 6(1)(e) GDPR)")
        CONTRACT = "contract", _("Contract or agreement (Art. 6(1)(b) GDPR)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    given_on = models.DateField(_("date"))
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Where the consent or the data came from.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["municipality", "purpose", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_purpose_display()}"


class Mailing(TenantModel):
    """An e-mail to a segment of the network, sent by a background task and archived."""

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="mailings"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    segment = models.JSONField(_("recipients"), default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class MailingRecipient(TenantModel):
    """One recipient of a mailing and the state of its delivery."""

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, related_name="mailings_received"
    )
    # Empty once the mail log's retention period has passed or the person's data is erased.
    email = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "mailing", "state"])]

    def __str__(self) -> str:
        return self.email


class ImportRun(TenantModel):
    """An uploaded list of organisations: previewed first, applied only when confirmed.

    A large list is read, and later applied, by the task worker: `progress` says how far it
    has come. `decisions` holds what staff decided for likely duplicates, by row number, and
    under "*" the decision for every row not decided on its own.
    """

    shown_on_public_pages: ClassVar[bool] = False

    class State(models.TextChoices):
        READING = "reading", _("Being read")
        PREVIEW = "preview", _("Preview")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")
        REJECTED = "rejected", _("Cannot be imported")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    report = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    decisions = models.JSONField(default=dict, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
