"""Rows read by plain SQL on every request are the instances the ORM would give."""

from typing import Any

import pytest
from django.db.models import Model

from querschnitt.core.models import Municipality
from querschnitt.core.selectors import municipality_by_slug
from querschnitt.portal.models import PublicPage
from querschnitt.portal.selectors import public_page


def fields(instance: Model) -> list[tuple[str, type, Any]]:
    return [
        (field.attname, type(getattr(instance, field.attname)), getattr(instance, field.attname))
        for field in type(instance)._meta.concrete_fields
    ]


@pytest.mark.django_db
def test_the_municipality_of_an_address_is_the_row_the_orm_reads() -> None:
    for slug in ("mannheim", "bamberg"):
        found = municipality_by_slug(slug)
        assert found is not None
        assert fields(found) == fields(Municipality.objects.get(slug=slug))
        assert found._state.db == "default"
        assert not found._state.adding
        assert found.description.text == Municipality.objects.get(slug=slug).description.text


@pytest.mark.django_db
def test_each_caller_gets_its_own_municipality_and_a_changed_row_is_read_afresh() -> None:
    first = municipality_by_slug("mannheim")
    assert first is not None
    first.office_description["de"] = "changed by a caller"
    first.languages.append("xx")
    first.name = "Renamed by a caller"
    second = municipality_by_slug("mannheim")
    assert second is not None
    assert fields(second) == fields(Municipality.objects.get(slug="mannheim"))
    Municipality.objects.filter(slug="mannheim").update(
        name="Mannheim am Rhein", office_description={"de": "Neu", "en": "New"}, languages=["ar"]
    )
    third = municipality_by_slug("mannheim")
    assert third is not None
    assert fields(third) == fields(Municipality.objects.get(slug="mannheim"))
    assert (third.name, third.office_description, third.languages) == (
        "Mannheim am Rhein",
        {"de": "Neu", "en": "New"},
        ["ar"],
    )


@pytest.mark.django_db
def test_an_unknown_or_inactive_municipality_has_no_row() -> None:
    assert municipality_by_slug("atlantis") is None
    Municipality.objects.filter(slug="bamberg").update(is_active=False)
    assert municipality_by_slug("bamberg") is None


@pytest.mark.django_db
def test_a_public_page_is_the_row_the_orm_reads_and_only_of_its_municipality(
    unscoped: None,
) -> None:
    mannheim = Municipality.objects.get(slug="mannheim")
    bamberg = Municipality.objects.get(slug="bamberg")
    for kind in PublicPage.Kind.values:
        for municipality in (mannheim, bamberg):
            expected = PublicPage.objects.filter(municipality=municipality, kind=kind).first()
            found = public_page(municipality=municipality, kind=kind)
            assert (found and fields(found)) == (expected and fields(expected))
    PublicPage.objects.filter(municipality=bamberg, kind="impressum").delete()
    assert public_page(municipality=bamberg, kind="impressum") is None
    assert public_page(municipality=mannheim, kind="impressum") is not None


@pytest.mark.django_db
def test_the_active_municipalities_are_the_rows_the_orm_reads() -> None:
    from querschnitt.core.selectors import active_municipalities

    Municipality.objects.filter(slug="bamberg").update(is_active=False)
    expected = list(Municipality.objects.filter(is_active=True).order_by("name", "id"))
    found = active_municipalities()
    assert [fields(municipality) for municipality in found] == [
        fields(municipality) for municipality in expected
    ]
    assert [municipality.slug for municipality in found] == ["mannheim"]
