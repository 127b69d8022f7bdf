"""The organisation page's content block is kept by all it is drawn from
(`OrganisationDetail.content`): the organisation's row as read, its district's name, its
topics and languages, logo, map and `core.kept.around`. The first request after a change
elsewhere (the content version moved, the rows as they were) writes nothing; a change of
anything the block shows, even one no signal reports, shows at once."""

import pytest
from django_scopes import scope

from conftest import content_moved, public_page
from querschnitt.network.models import District, Organisation, OrganisationLanguage
from querschnitt.network.views import directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The content blocks rendered."""
    rendered: list[str] = []
    render = directory.render_to_string

    def counted(name: str, context: dict) -> str:
        rendered.append(name)
        return render(name, context)

    monkeypatch.setattr(directory, "render_to_string", counted)
    return rendered


@pytest.fixture
def organisation(mannheim) -> Organisation:
    with scope(municipality=mannheim):
        return (
            Organisation.objects.filter(
                status="published", visibility="public", district__isnull=False
            )
            .order_by("pk")
            .first()
        )


def test_kept_when_the_content_version_moves_alone(mannheim, organisation, drawn) -> None:
    path = f"/mannheim/akteure/{organisation.pk}/"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    public_page(path, "de")  # made afresh after the one in Arabic forgot it
    drawn.clear()
    for language in ("de", "ar", "de", "ar"):
        content_moved(mannheim)
        assert public_page(path, language) == fresh[language]
    assert drawn == []


def test_a_change_no_signal_reports_shows_at_once(mannheim, organisation, drawn) -> None:
    path = f"/mannheim/akteure/{organisation.pk}/"
    public_page(path, "en")
    changes = [
        (
            lambda: Organisation.objects.filter(pk=organisation.pk).update(
                public_phone="0621 555 123"
            ),
            b"0621 555 123",
        ),
        (
            lambda: District.objects.filter(pk=organisation.district_id).update(
                name="Renamed district"
            ),
            b"Renamed district",
        ),
        (
            lambda: OrganisationLanguage.objects.bulk_create(
                [
                    OrganisationLanguage(
                        municipality=mannheim, organisation=organisation, language="sq"
                    )
                ]
            ),
            b"Albanian",
        ),
    ]
    for change, shown in changes:
        with scope(municipality=mannheim):
            change()
        content_moved(mannheim)
        drawn.clear()
        page = public_page(path, "en")
        assert shown in page
        assert drawn == ["network/_organisation_content.html"]
        assert page == public_page(path, "en", forget=True)
