"""Reads of entry requests, representatives and their change requests."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality
from querschnitt.core.translation import FALLBACK_LANGUAGE
from querschnitt.network.logos import logo_url
from querschnitt.network.models import (
    ChangeRequest,
    District,
    NetworkSettings,
    Organisation,
    Representative,
    Topic,
    fact_label,
)

# Languages an organisation can say it speaks: ISO 639-1 codes (ISO 639-3 where 639-1 has
# none), chosen for the languages of people who come to German municipalities.
SPOKEN_LANGUAGES: dict[str, Any] = {
    "de": _("German"),
    "gsg": _("German Sign Language"),
    "en": _("English"),
    "ar": _("Arabic"),
    "fa": _("Persian"),
    "ps": _("Pashto"),
    "ku": _("Kurdish"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "hu": _("Hungarian"),
    "hr": _("Croatian"),
    "bs": _("Bosnian"),
    "sr": _("Serbian"),
    "sq": _("Albanian"),
    "mk": _("Macedonian"),
    "el": _("Greek"),
    "it": _("Italian"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "fr": _("French"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "am": _("Amharic"),
    "ur": _("Urdu"),
    "hi": _("Hindi"),
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
}


def spoken_language_choices() -> list[tuple[str, str]]:
    """The languages as form choices: German first, the rest by name in the active language."""
    return list(_spoken_language_choices(get_language()))


@cache
def _spoken_language_choices(language: str | None) -> tuple[tuple[str, str], ...]:
    # the same for the life of the process in each language; sorted once, not per request
    german, *others = ((code, str(name)) for code, name in SPOKEN_LANGUAGES.items())
    return (german, *sorted(others, key=lambda choice: choice[1].casefold()))


def language_name(code: str) -> str:
    """The language's name in the active language; for codes outside the list (from an
    import, say) Django's own name of it, else the code."""
    from django.conf.locale import LANG_INFO

    name = SPOKEN_LANGUAGES.get(code)
    if name is not None:
        return str(name)
    known = LANG_INFO.get(code, {}).get("name")
    return gettext(known) if known else code


def network_settings_of(*, municipality: Municipality) -> NetworkSettings:
    """The municipality's network settings, or the defaults (unsaved) if it has none yet."""
    found = NetworkSettings.objects.filter(municipality=municipality).first()
    return found if found is not None else NetworkSettings(municipality=municipality)


def name_key(name: str) -> str:
    """A name as duplicates are compared: case and spacing ignored."""
    return "".join(name.casefold().split())


def _name_key_expression() -> Replace:
    # The database's LOWER folds every letter on PostgreSQL; SQLite folds only ASCII letters,
    # so on SQLite a duplicate that differs only in the case of an umlaut goes unnoticed.
    return Replace(Lower("name"), Value(" "), Value(""))


def likely_duplicates(
    *, municipality: Municipality, organisations: list[Organisation]
) -> dict[int, Organisation]:
    """For each given organisation, another of the municipality with the same name (one query)."""
    keys = {name_key(organisation.name) for organisation in organisations}
    if not keys:
        return {}
    candidates = (
        Organisation.objects.filter(municipality=municipality)
        .annotate(name_key=_name_key_expression())
        .filter(name_key__in=keys)
        .order_by("id")
        .only("id", "name", "status", "municipality_id")
    )
    by_key: dict[str, list[Organisation]] = {}
    for candidate in candidates:
        by_key.setdefault(name_key(candidate.name), []).append(candidate)
    found = {}
    for organisation in organisations:
        others = [
            other
            for other in by_key.get(name_key(organisation.name), [])
            if other.pk != organisation.pk
        ]
        if others:
            published = [o for o in others if o.status == Organisation.Status.PUBLISHED]
            found[organisation.pk] = (published or others)[0]
    return found


def entry_requests_in_review(*, municipality: Municipality) -> QuerySet[Organisation]:
    """Confirmed requests that wait for the office, the longest waiting first."""
    return (
        Organisation.objects.filter(municipality=municipality, status=Organisation.Status.IN_REVIEW)
        .select_related("district")
        .order_by("email_confirmed_at", "created_at", "id")
    )


def entry_requests(*, municipality: Municipality) -> QuerySet[Organisation]:
    """Organisations that came through a request (the office may open each of them)."""
    return Organisation.objects.filter(municipality=municipality).filter(
        Q(status__in=[Organisation.Status.REQUESTED, Organisation.Status.IN_REVIEW])
        | ~Q(requested_by_email="")
    )


def pending_change_requests(*, municipality: Municipality) -> QuerySet[ChangeRequest]:
    """Changes by representatives that wait for review, the longest waiting first."""
    return (
        ChangeRequest.objects.filter(municipality=municipality, state=ChangeRequest.State.PENDING)
        .select_related("organisation", "submitted_by")
        .order_by("submitted_at", "id")
    )


def change_requests(*, municipality: Municipality) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(municipality=municipality).select_related(
        "organisation", "submitted_by", "decided_by"
    )


def organisations_represented_by(
    *, municipality: Municipality, user: Any
) -> QuerySet[Organisation]:
    """The organisations the user keeps current in this municipality."""
    represented = Representative.objects.filter(
        municipality=municipality, user=user, organisation=OuterRef("pk")
    )
    pending = ChangeRequest.objects.filter(
        municipality=municipality, organisation=OuterRef("pk"), state=ChangeRequest.State.PENDING
    )
    return (
        Organisation.objects.filter(municipality=municipality)
        .filter(Exists(represented))
        .annotate(has_pending_change=Exists(pending))
        .order_by("name", "id")
    )


def represented_organisation(*, municipality: Municipality, user: Any, pk: int) -> Organisation:
    """One organisation the user represents; any other (or another municipality's) is a 404."""
    return get_object_or_404(
        organisations_represented_by(municipality=municipality, user=user).select_related(
            "district"
        ),
        pk=pk,
    )


def pending_change_request_of(*, organisation: Organisation) -> ChangeRequest | None:
    return (
        ChangeRequest.objects.filter(
            municipality=organisation.municipality_id,
            organisation=organisation,
            state=ChangeRequest.State.PENDING,
        )
        .order_by("-submitted_at", "-id")
        .first()
    )


# The fields of an entry that its representatives keep current (not status, visibility …).
EDITABLE_FIELDS = [
    "name",
    "kind",
    "street",
    "postal_code",
    "city",
    "district",
    "wheelchair_accessible",
    "public_email",
    "public_phone",
    "website",
    "description",
    "topics",
    "languages",
    "logo",
]


def organisation_values(organisation: Organisation) -> dict[str, Any]:
    """The editable fields as JSON values: district as its id, topics and languages as lists."""
    values: dict[str, Any] = {
        name: getattr(organisation, name)
        for name in EDITABLE_FIELDS
        if name not in {"district", "description", "topics", "languages", "logo"}
    }
    values["district"] = organisation.district_id
    values["logo"] = organisation.logo.name or ""
    values["description"] = dict(organisation.description or {})
    values["topics"] = sorted(
        organisation.topics.filter(municipality=organisation.municipality_id).values_list(
            "topic", flat=True
        )
    )
    values["languages"] = sorted(
        organisation.languages.filter(municipality=organisation.municipality_id).values_list(
            "language", flat=True
        )
    )
    return values


@dataclass(frozen=True)
class ChangeRow:
    """One field of a change request: what the entry shows now, and what is proposed."""

    label: str
    old: str
    new: str
    lang: str = ""
    old_image: str | None = None
    new_image: str | None = None

    @property
    def direction(self) -> str:
        from django.conf import settings

        return "rtl" if self.lang in settings.LANGUAGES_BIDI else "ltr"


def _display(
    field: str, value: Any, districts: dict[int, str], municipality_topics: dict[str, str]
) -> str:
    if value in (None, "", []):
        return "–"
    if field == "kind":
        return str(Organisation.Kind(value).label) if value in Organisation.Kind else str(value)
    if field == "district":
        return districts.get(value, gettext("(district removed)"))
    if field == "topics":
        return ", ".join(municipality_topics.get(topic, topic) for topic in value)
    if field == "languages":
        return ", ".join(language_name(code) for code in value)
    if field == "wheelchair_accessible":
        return fact_label(value)
    return str(value)


def change_request_rows(*, change_request: ChangeRequest) -> list[ChangeRow]:
    """Old and new value of every field the change request touches, readable."""
    organisation = change_request.organisation
    current = organisation_values(organisation)
    proposed = change_request.proposed
    district_ids = {value for value in (current.get("district"), proposed.get("district")) if value}
    districts = {
        district.pk: district.name
        for district in District.objects.filter(
            municipality=change_request.municipality_id, pk__in=district_ids
        )
    }
    topics = {str(value): str(label) for value, label in Topic.choices}
    labels = {
        field.name: str(field.verbose_name)
        for field in Organisation._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    labels |= {"topics": gettext("Topics"), "languages": gettext("Languages spoken")}
    rows = []
    for field in EDITABLE_FIELDS:
        if field not in proposed:
            continue
        if field == "description":
            old_texts, new_texts = current["description"], proposed["description"] or {}
            for code in sorted(set(old_texts) | set(new_texts), key=_german_first):
                if old_texts.get(code, "") != new_texts.get(code, ""):
                    rows.append(
                        ChangeRow(
                            label=f"{labels['description'].capitalize()} ({language_name(code)})",
                            old=old_texts.get(code, "") or "–",
                            new=new_texts.get(code, "") or "–",
                            lang=code,
                        )
                    )
            continue
        if field == "logo":
            municipality = change_request.municipality
            rows.append(
                ChangeRow(
                    label=gettext("Logo"),
                    old="–" if not current["logo"] else "",
                    new="–" if not proposed["logo"] else "",
                    old_image=logo_url(organisation, municipality=municipality),
                    new_image=logo_url(
                        organisation, municipality=municipality, stored_name=proposed["logo"]
                    ),
                )
            )
            continue
        rows.append(
            ChangeRow(
                label=labels[field][:1].upper() + labels[field][1:],
                old=_display(field, current[field], districts, topics),
                new=_display(field, proposed[field], districts, topics),
            )
        )
    return rows


def _german_first(code: str) -> tuple[int, str]:
    return (0 if code == FALLBACK_LANGUAGE else 1, code)
