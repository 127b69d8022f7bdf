"""The organisation page and the declaration pages read their rows by plain SQL: the instances
are the ORM's, field by field, and only of the municipality asked for."""

import pytest
from django.http import Http404
from django_scopes import scopes_disabled

from querschnitt.core.tests.test_rows import fields
from querschnitt.network.models import (
    Alliance,
    Declaration,
    DeclarationVersion,
    District,
    Organisation,
)
from querschnitt.network.selectors.declarations import alliance_of, declaration_of
from querschnitt.network.selectors.directory import public_organisation


def test_an_organisation_is_the_row_the_orm_reads_and_only_if_public(mannheim, bamberg) -> None:
    with scopes_disabled():
        shown = Organisation.objects.filter(
            municipality=mannheim, status="published", visibility="public"
        ).exclude(district=None)
        expected = shown.exclude(description={}).order_by("-pk").first()
        hidden = (
            Organisation.objects.filter(municipality=mannheim)
            .exclude(pk__in=shown)
            .exclude(status="published", visibility="public")
        )
        assert hidden.exists()
        found = public_organisation(municipality=mannheim, pk=expected.pk)
        assert found is not None
        assert found.district is not None
        assert expected.district is not None
        assert fields(found) == fields(expected)
        assert fields(found.district) == fields(expected.district)
        codes = found.topic_codes  # type: ignore[attr-defined]
        assert codes == sorted(expected.topics.values_list("topic", flat=True))
        assert found._state.db == "default"
        for other in hidden:
            assert public_organisation(municipality=mannheim, pk=other.pk) is None
    assert public_organisation(municipality=bamberg, pk=expected.pk) is None
    assert public_organisation(municipality=mannheim, pk=2**63) is None
    assert public_organisation(municipality=mannheim, pk=0) is None


def test_an_organisation_without_a_district_of_its_own_has_none(mannheim, bamberg) -> None:
    """The district is read in the organisation's statement, of its municipality only."""
    with scopes_disabled():
        shown = Organisation.objects.filter(
            municipality=mannheim, status="published", visibility="public"
        )
        without, other = shown.order_by("pk")[:2]
        Organisation.objects.filter(pk=without.pk).update(district=None)
        elsewhere = District.objects.filter(municipality=bamberg).first()
        Organisation.objects.filter(pk=other.pk).update(district=elsewhere)
        found = public_organisation(municipality=mannheim, pk=without.pk)
        assert found is not None
        assert found.district is None
        assert fields(found) == fields(Organisation.objects.get(pk=without.pk))
        found = public_organisation(municipality=mannheim, pk=other.pk)
        assert found is not None
        assert found.district is None  # not the other town's


def test_a_declaration_is_the_row_the_orm_reads_with_its_alliance_and_versions(
    mannheim, bamberg
) -> None:
    with scopes_disabled():
        expected = Declaration.objects.get(municipality=mannheim)
        versions = list(
            DeclarationVersion.objects.filter(declaration=expected).order_by("-adopted_on", "-id")
        )
        alliance = Alliance.objects.get(declaration=expected)
        found = declaration_of(municipality=mannheim, slug=expected.slug)
        assert fields(found) == fields(expected)
        assert fields(found.alliance) == fields(alliance)
        assert len(versions) > 1
        newest_first = found.versions_newest_first  # type: ignore[attr-defined]
        assert [fields(v) for v in newest_first] == [fields(v) for v in versions]
        with pytest.raises(Http404):
            declaration_of(municipality=bamberg, slug=expected.slug)
        read = alliance_of(municipality=mannheim, slug=alliance.slug)
        assert fields(read) == fields(alliance)
        assert fields(read.declaration) == fields(expected)
        with pytest.raises(Http404):
            alliance_of(municipality=bamberg, slug=alliance.slug)
        # a declaration without an alliance has none, without another query
        alliance.delete()
        assert (
            getattr(declaration_of(municipality=mannheim, slug=expected.slug), "alliance", None)
            is None
        )
