"""Reads of mailings: who a segment of the network reaches, who may receive it, progress."""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.network.models import (
    Contact,
    Declaration,
    District,
    Mailing,
    MailingRecipient,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Signature,
    Topic,
)
from querschnitt.network.selectors.contacts import valid_consent_exists
from querschnitt.network.selectors.entries import language_name


@dataclass(frozen=True)
class Segment:
    """A part of the network: organisations that meet every criterion given.

    Within one criterion any value matches (sports clubs *or* cultural institutions); across
    criteria all must match (signatories *and* speaking Arabic). Stored as JSON in
    `Mailing.segment`.
    """

    declarations: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    districts: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Segment":
        """Read a stored segment; unknown keys and malformed values are left out."""
        data = data if isinstance(data, dict) else {}

        def values(key: str, kind: type) -> tuple[Any, ...]:
            raw = data.get(key)
            if not isinstance(raw, list):
                return ()
            return tuple(sorted({kind(value) for value in raw if isinstance(value, kind)}))

        return cls(
            declarations=values("declarations", int),
            kinds=values("kinds", str),
            topics=values("topics", str),
            languages=values("languages", str),
            districts=values("districts", int),
        )

    def to_json(self) -> dict[str, list[Any]]:
        return {key: list(value) for key, value in asdict(self).items()}

    def is_empty(self) -> bool:
        return not any(asdict(self).values())


@dataclass(frozen=True)
class SegmentCounts:
    """How many contacts a segment reaches, and how many addresses may receive a mailing."""

    contacts: int
    eligible_contacts: int
    addresses: int

    @property
    def excluded(self) -> int:
        """Contacts left out: no e-mail address, or no current consent for mailings."""
        return self.contacts - self.eligible_contacts

    @property
    def duplicates(self) -> int:
        """Eligible contacts that share an address with another and get one e-mail together."""
        return self.eligible_contacts - self.addresses


def segment_organisations(
    *, municipality: Municipality, segment: Segment
) -> QuerySet[Organisation]:
    """The organisations in the segment; archived ones have left the network."""
    organisations = Organisation.objects.filter(municipality=municipality).exclude(
        status=Organisation.Status.ARCHIVED
    )
    if segment.declarations:
        # Members of the alliance: accepted and not withdrawn since.
        organisations = organisations.filter(
            pk__in=Signature.objects.filter(
                municipality=municipality,
                declaration__in=segment.declarations,
                state=Signature.State.ACCEPTED,
                withdrawn_at__isnull=True,
            ).values("organisation")
        )
    if segment.kinds:
        organisations = organisations.filter(kind__in=segment.kinds)
    if segment.topics:
        organisations = organisations.filter(
            pk__in=OrganisationTopic.objects.filter(
                municipality=municipality, topic__in=segment.topics
            ).values("organisation")
        )
    if segment.languages:
        organisations = organisations.filter(
            pk__in=OrganisationLanguage.objects.filter(
                municipality=municipality, language__in=segment.languages
            ).values("organisation")
        )
    if segment.districts:
        organisations = organisations.filter(district__in=segment.districts)
    return organisations


def segment_contacts(*, municipality: Municipality, segment: Segment) -> QuerySet[Contact]:
    """Every contact of an organisation in the segment, whether they may receive mail or not."""
    if segment.is_empty():
        return Contact.objects.none()
    return Contact.objects.filter(
        municipality=municipality,
        organisation__in=segment_organisations(municipality=municipality, segment=segment),
    )


def segment_eligible_contacts(*, municipality: Municipality, segment: Segment) -> QuerySet[Contact]:
    """The contacts of the segment who may receive a mailing: an e-mail address and a current
    consent for the purpose "mailings" (whatever its legal basis)."""
    return (
        segment_contacts(municipality=municipality, segment=segment)
        .exclude(email="")
        .filter(valid_consent_exists())
        .order_by("id")
    )


def segment_counts(*, municipality: Municipality, segment: Segment) -> SegmentCounts:
    """Reached, eligible and distinct addresses, in three counting queries."""
    eligible = segment_eligible_contacts(municipality=municipality, segment=segment)
    return SegmentCounts(
        contacts=segment_contacts(municipality=municipality, segment=segment).count(),
        eligible_contacts=eligible.count(),
        addresses=eligible.annotate(address=Lower("email"))
        .order_by()
        .values("address")
        .distinct()
        .count(),
    )


def segment_choices(*, municipality: Municipality) -> dict[str, list[tuple[Any, Any]]]:
    """What a segment can be built from in this municipality (three queries)."""
    from querschnitt.core.translation import translate

    declarations = [
        (declaration.pk, translate(declaration.title).text or declaration.slug)
        for declaration in Declaration.objects.filter(municipality=municipality).order_by("id")
    ]
    districts = [
        (district.pk, district.name)
        for district in District.objects.filter(municipality=municipality).order_by("name")
    ]
    codes = (
        OrganisationLanguage.objects.filter(municipality=municipality)
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )
    return {
        "declarations": declarations,
        "kinds": list(Organisation.Kind.choices),
        "topics": list(Topic.choices),
        "languages": sorted(
            ((code, language_name(code)) for code in codes), key=lambda item: item[1].lower()
        ),
        "districts": districts,
    }


@dataclass
class SegmentDescription:
    """A segment in words, one line per criterion, for the detail page and the archive."""

    lines: list[tuple[str, list[str]]] = field(default_factory=list)


def segment_description(*, municipality: Municipality, segment: Segment) -> SegmentDescription:
    """Name the criteria of a stored segment; deleted declarations or districts drop out."""
    description = SegmentDescription()
    if segment.declarations:
        from querschnitt.core.translation import translate

        titles = [
            translate(declaration.title).text or declaration.slug
            for declaration in Declaration.objects.filter(
                municipality=municipality, pk__in=segment.declarations
            )
        ]
        description.lines.append((_("Signatories of"), titles))
    if segment.kinds:
        kinds = dict(Organisation.Kind.choices)
        description.lines.append(
            (_("Kinds"), [str(kinds.get(kind, kind)) for kind in segment.kinds])
        )
    if segment.topics:
        topics = dict(Topic.choices)
        description.lines.append(
            (_("Topics"), [str(topics.get(topic, topic)) for topic in segment.topics])
        )
    if segment.languages:
        description.lines.append(
            (_("Languages spoken"), [language_name(code) for code in segment.languages])
        )
    if segment.districts:
        names = District.objects.filter(
            municipality=municipality, pk__in=segment.districts
        ).values_list("name", flat=True)
        description.lines.append((_("Districts"), list(names)))
    return description


def mailing_list(*, municipality: Municipality) -> QuerySet[Mailing]:
    """The archive of mailings, newest first, with delivery counts (one query per page)."""
    return (
        Mailing.objects.filter(municipality=municipality)
        .annotate(
            recipients_total=Count("recipients"),
            recipients_sent=Count(
                "recipients", filter=Q(recipients__state=MailingRecipient.State.SENT)
            ),
            recipients_failed=Count(
                "recipients", filter=Q(recipients__state=MailingRecipient.State.FAILED)
            ),
        )
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class MailingProgress:
    """Where a mailing's delivery stands."""

    queued: int
    sent: int
    failed: int

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.failed

    @property
    def done(self) -> int:
        return self.sent + self.failed


def mailing_progress(*, mailing: Mailing) -> MailingProgress:
    rows = (
        MailingRecipient.objects.filter(municipality=mailing.municipality_id, mailing=mailing)
        .order_by()
        .values("state")
        .annotate(count=Count("id"))
    )
    counts = {row["state"]: row["count"] for row in rows}
    return MailingProgress(
        queued=counts.get(MailingRecipient.State.QUEUED, 0),
        sent=counts.get(MailingRecipient.State.SENT, 0),
        failed=counts.get(MailingRecipient.State.FAILED, 0),
    )


def mailing_failures(*, mailing: Mailing, limit: int = 50) -> list[MailingRecipient]:
    """The first recipients whose delivery failed, with the reason."""
    return list(
        MailingRecipient.objects.filter(
            municipality=mailing.municipality_id,
            mailing=mailing,
            state=MailingRecipient.State.FAILED,
        ).order_by("id")[:limit]
    )
