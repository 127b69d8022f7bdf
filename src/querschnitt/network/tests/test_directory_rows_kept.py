"""The directory's rows are kept by all they are drawn from (`public_rows._drawn_rows`): the
row as read, the codes of its topics and languages and `core.kept.around`. The first request
after a change elsewhere (the content version moved, the rows as they were) reads the topics
and languages again but writes no row; a change of anything a row shows, even one no signal
reports, shows at once."""

import pytest
from django_scopes import scope

from conftest import content_moved, public_page
from querschnitt.core.models import Municipality
from querschnitt.network import public_rows
from querschnitt.network.models import (
    District,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
)

pytestmark = pytest.mark.django_db

PATH = "/mannheim/akteure/"


@pytest.fixture
def drawn(monkeypatch) -> list[int]:
    """The numbers of the organisations whose rows were written."""
    written: list[int] = []
    details = public_rows.with_details

    def counted(items, **kwargs) -> None:
        written.extend(item.pk for item in items)
        details(items, **kwargs)

    monkeypatch.setattr(public_rows, "with_details", counted)
    return written


@pytest.fixture
def first(mannheim) -> Organisation:
    """The first organisation of the list, which has a district."""
    with scope(municipality=mannheim):
        first = (
            Organisation.objects.filter(status="published", visibility="public")
            .order_by("name", "pk")
            .first()
        )
        assert first is not None
        if first.district_id is None:
            first.district = District.objects.order_by("pk").first()
            Organisation.objects.filter(pk=first.pk).update(district=first.district)
        return first


def test_kept_when_the_content_version_moves_alone(mannheim, first, drawn) -> None:
    fresh = {language: public_page(PATH, language, forget=True) for language in ("de", "ar")}
    public_page(PATH, "de")  # remembered for this version again after the one in Arabic
    drawn.clear()
    for language in ("de", "ar", "de", "ar"):
        content_moved(mannheim)
        assert public_page(PATH, language) == fresh[language]
    assert drawn == []


def topics_now(municipality: Municipality, organisation: Organisation, topic: str) -> None:
    OrganisationTopic.objects.filter(organisation=organisation).delete()
    OrganisationTopic.objects.create(
        municipality=municipality, organisation=organisation, topic=topic
    )


def test_a_change_no_signal_reports_shows_at_once(mannheim, first, drawn) -> None:
    public_page(PATH, "en")
    changes = [
        (
            lambda: Organisation.objects.filter(pk=first.pk).update(name="Aaa Renamed <entry>"),
            b"Aaa Renamed &lt;entry&gt;",
        ),
        (
            lambda: District.objects.filter(pk=first.district_id).update(name="Renamed district"),
            b"Renamed district",
        ),
        (
            lambda: OrganisationLanguage.objects.bulk_create(
                [OrganisationLanguage(municipality=mannheim, organisation=first, language="sq")]
            ),
            b"Albanian",
        ),
        (lambda: topics_now(mannheim, first, "sports"), b"Sports</p>"),
    ]
    for change, shown in changes:
        with scope(municipality=mannheim):
            change()
        content_moved(mannheim)
        drawn.clear()
        page = public_page(PATH, "en")
        assert shown in page
        assert drawn == [first.pk]
        assert page == public_page(PATH, "en", forget=True)


def test_the_other_towns_rows_are_its_own(mannheim, bamberg, drawn) -> None:
    public_page(PATH, "de")
    drawn.clear()
    content_moved(bamberg)
    page = public_page("/bamberg/akteure/", "de")
    assert page == public_page("/bamberg/akteure/", "de", forget=True)
    assert drawn
    assert b"/mannheim/" not in page.split(b'id="directory-results"')[1]
