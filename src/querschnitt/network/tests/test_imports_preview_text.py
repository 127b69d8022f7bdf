"""The import preview speaks the reader's language and sets its duplicates apart clearly."""

import re

import pytest
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.network.models import ImportRun
from querschnitt.network.services.imports import import_preview_create

pytestmark = pytest.mark.django_db

DUPLICATE = "Nachbarschaftsverein Lindenhain e. V."


def preview(mannheim, content: bytes) -> ImportRun:
    with scope(municipality=mannheim):
        return import_preview_create(
            municipality=mannheim,
            by=User.objects.get(email="team@mannheim.example"),
            file_name="liste.csv",
            content=content,
        )


def test_the_delimiter_is_named_in_the_readers_language(mannheim) -> None:
    run = preview(mannheim, b"Name;PLZ\nTrennzeichenverein;68159\n")
    html = signed_in_client("team@mannheim.example").get(f"/mannheim/verwaltung/import/{run.pk}/")
    text = html.content.decode()
    assert "Trennzeichen: Semikolon (;)" in text
    assert "semicolon" not in text


def test_a_similar_organisation_is_named_with_its_address_below_not_after_a_comma(
    mannheim,
) -> None:
    run = preview(mannheim, f"Name;Straße;PLZ\n{DUPLICATE};Andere Straße 1;68159\n".encode())
    html = (
        signed_in_client("team@mannheim.example")
        .get(f"/mannheim/verwaltung/import/{run.pk}/")
        .content.decode()
    )
    cells = re.findall(
        r'<td class="kern-table__cell">\s*(<p class="kern-body kern-body--small"><a.*?)</td>',
        html,
        re.S,
    )
    assert cells, "no similar organisation shown"
    similar = cells[0]
    address = r"[^<,]+ \d+[a-z]?, \d{5} Mannheim"
    assert re.search(f">{re.escape(DUPLICATE)}</a><br>{address}</p>", similar)
    assert "</a>," not in similar
    assert 'class="kern-table__cell qs-import-decision"' in html
