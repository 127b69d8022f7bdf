"""Writes of organisations: create, update, status changes. Keeps the search text current."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.network.models import Organisation, OrganisationLanguage, OrganisationTopic
from querschnitt.network.search import build_search_text


def organisation_set_topics_and_languages(
    *,
    organisation: Organisation,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
) -> None:
    """Replace the organisation's topics and/or languages (None leaves them as they are)."""
    municipality = organisation.municipality
    if topics is not None:
        OrganisationTopic.objects.filter(organisation=organisation).delete()
        OrganisationTopic.objects.bulk_create(
            OrganisationTopic(municipality=municipality, organisation=organisation, topic=topic)
            for topic in sorted(set(topics))
        )
    if languages is not None:
        OrganisationLanguage.objects.filter(organisation=organisation).delete()
        OrganisationLanguage.objects.bulk_create(
            OrganisationLanguage(
                municipality=municipality, organisation=organisation, language=language
            )
            for language in sorted(set(languages))
        )


@transaction.atomic
def organisation_create(
    *,
    municipality: Municipality,
    by: Any,
    topics: Iterable[str] = (),
    languages: Iterable[str] = (),
    **fields: Any,
) -> Organisation:
    """Add an organisation to the network of a municipality."""
    organisation = Organisation(municipality=municipality, **fields)
    if organisation.status == Organisation.Status.PUBLISHED and organisation.published_at is None:
        organisation.published_at = timezone.now()
    organisation.search_text = build_search_text(organisation)
    organisation.full_clean()
    organisation.save()
    organisation_set_topics_and_languages(
        organisation=organisation, topics=topics, languages=languages
    )
    audit_record(
        municipality=municipality, actor=by, action="organisation.created", target=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: Any,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    **fields: Any,
) -> Organisation:
    """Change an organisation's entry; publishing stamps the date of publication."""
    before = snapshot(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if organisation.status == Organisation.Status.PUBLISHED and organisation.published_at is None:
        organisation.published_at = timezone.now()
    organisation.search_text = build_search_text(organisation)
    organisation.full_clean()
    organisation.save()
    organisation_set_topics_and_languages(
        organisation=organisation, topics=topics, languages=languages
    )
    changes = field_changes(before, organisation)
    changes.pop("search_text", None)
    audit_record(
        municipality=organisation.municipality,
        actor=by,
        action="organisation.updated",
        target=organisation,
        changes=changes,
    )
    return organisation
