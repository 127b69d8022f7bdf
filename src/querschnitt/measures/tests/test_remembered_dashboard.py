"""The public dashboard's figures are rendered once per content version, language and year
(`views/public.py`, `core.versioned`): a new roll-up and a renamed field of action show on the
next request in every language, and the other municipality's dashboard stays as it was."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from querschnitt.measures.models import Measure
from querschnitt.measures.tasks import rollup_refresh
from querschnitt.strategy.models import FieldOfAction

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar", "fa"]


def dashboard(slug: str, language: str) -> str:
    client = Client()
    client.cookies["qs_language"] = language
    # with a query: rendered by the view, not answered from the whole-page cache
    response = client.get(f"/{slug}/steuerung/?jahr={timezone.localdate().year}")
    assert response.status_code == 200
    return response.content.decode()


def total(html: str) -> str:
    found = re.search(r'<p class="qs-measures-big" data-node="total">([^<]*)</p>', html)
    assert found is not None
    return found.group(1)


def test_a_new_rollup_and_a_renamed_field_show_at_once(mannheim, bamberg) -> None:
    before = {language: dashboard("mannheim", language) for language in LANGUAGES}
    other = {language: dashboard("bamberg", language) for language in LANGUAGES}
    with scope(municipality=mannheim):
        field = FieldOfAction.objects.order_by("position", "id").first()
        field.name = {"de": "Umbenanntes Handlungsfeld", "ar": "مجال معاد تسميته"}
        field.save()
        # every public measure done: the whole catalogue at 100 % once the roll-up ran
        Measure.objects.filter(state__reporting=True).update(
            reported_progress=100, reported_status=Measure.Status.DONE
        )
    assert all(total(html) != "100 %" for html in before.values())
    rollup_refresh.call(municipality_id=mannheim.pk)
    for language in LANGUAGES:
        after = dashboard("mannheim", language)
        assert total(after) != total(before[language])
        name = "مجال معاد تسميته" if language == "ar" else "Umbenanntes Handlungsfeld"
        assert name in after
        assert name not in before[language]
        assert dashboard("bamberg", language) == other[language]
