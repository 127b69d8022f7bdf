"""The organisation page's content block is rendered once per content version, the
organisation's last change, its topics and languages, the language and the URL map
(`OrganisationDetail.content`, from `network/_organisation_content.html`): a remembered page
is the page made afresh, in alternating languages, and a change shows at once."""

import pytest
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_remembered_page_is_a_fresh_one_and_a_change_shows(mannheim) -> None:
    with scope(municipality=mannheim):
        organisation = (
            Organisation.objects.filter(status="published", visibility="public")
            .order_by("pk")
            .first()
        )
    path = f"/mannheim/akteure/{organisation.pk}/"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    for language in ("de", "ar", "de", "ar"):
        assert public_page(path, language) == fresh[language]
    with scope(municipality=mannheim):
        organisation.public_phone = "0621 999 999"
        organisation.save()
    assert b"0621 999 999" in public_page(path, "de")


def test_organisation_pages_remembered_are_the_pages_made_afresh() -> None:
    with scopes_disabled():
        found = list(
            Organisation.objects.filter(status="published", visibility="public")
            .order_by("pk")
            .values_list("pk", "municipality__slug")
        )
    sample = found[::15]  # every 15th: both towns, with and without logos, topics, maps
    assert len({town for _, town in sample}) == 2
    for pk, town in sample:
        path = f"/{town}/akteure/{pk}/"
        for language in ("de", "en", "ar"):
            fresh = public_page(path, language, forget=True)
            assert public_page(path, language) == fresh, (path, language)
