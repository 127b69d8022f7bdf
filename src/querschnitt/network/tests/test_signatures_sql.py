"""The signature queue read with SQL (`network/selectors/signatures_sql.py`) gives what
`signature_queue` gives through the ORM: the same count and the same rows, page by page, for
every state, with and without the target, with equal moments and missing ones among them;
and never a signature of the other city, whose ids lie between Mannheim's."""

import datetime
from itertools import cycle

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.core.models import Municipality
from querschnitt.network.models import (
    Declaration,
    DeclarationVersion,
    Organisation,
    Signature,
)
from querschnitt.network.selectors.declarations import signature_queue
from querschnitt.network.selectors.signatures_sql import (
    SignatureFilters,
    signature_count,
    signature_values,
)
from querschnitt.network.staff_rows import SIGNATURE_ROW_FIELDS

pytestmark = pytest.mark.django_db
STATES = (None, *Signature.State.values)


def through_orm(municipality: Municipality, filters: SignatureFilters) -> list[dict]:
    signatures = signature_queue(municipality=municipality, state=filters.state)
    if filters.confirmed_by is not None:
        signatures = signatures.filter(confirmed_at__lte=filters.confirmed_by)
    return list(signatures.values(*SIGNATURE_ROW_FIELDS))


def assert_same(municipality: Municipality, filters: SignatureFilters, size: int = 7) -> int:
    expected = through_orm(municipality, filters)
    assert signature_count(municipality=municipality, filters=filters) == len(expected), filters
    pages = [
        signature_values(municipality=municipality, filters=filters, offset=start, limit=size)
        for start in range(0, len(expected) + 1, size)
    ]
    assert [row for page in pages for row in page] == expected, filters
    return len(expected)


def add_signatures(municipality: Municipality, count: int) -> None:
    """Signatures in every state, some at the same moments, some never confirmed or decided."""
    declaration = Declaration.objects.filter(municipality=municipality).first()
    if declaration is None:
        declaration = Declaration.objects.create(
            municipality=municipality, slug="erklaerung", title={"de": "Erklärung", "ar": "إعلان"}
        )
        DeclarationVersion.objects.create(
            municipality=municipality,
            declaration=declaration,
            label="2025",
            adopted_on=datetime.date(2025, 1, 1),
        )
    version = declaration.versions.order_by("-adopted_on").first()
    organisations = list(Organisation.objects.filter(municipality=municipality)[:count])
    moment = timezone.now().replace(microsecond=0)
    states = cycle(Signature.State.values)
    for number, organisation in enumerate(organisations):
        signature = Signature.objects.create(
            municipality=municipality,
            declaration=declaration,
            version=version,
            organisation=organisation,
            signer_name="S",
            signer_email=f"s{number}@x.example",
            state=next(states),
            confirmed_at=None
            if number % 5 == 0
            else moment - datetime.timedelta(days=number // 2 * 3),
            decided_at=None if number % 3 == 0 else moment - datetime.timedelta(days=number % 2),
        )
        # equal moments of submission for neighbours, so the id decides between them
        Signature.objects.filter(pk=signature.pk).update(
            submitted_at=moment - datetime.timedelta(days=number // 2)
        )


def test_the_queue_read_by_sql_is_the_orms(mannheim, bamberg) -> None:
    with scopes_disabled():
        for _ in range(2):  # the cities' ids interleaved
            add_signatures(bamberg, 12)
            add_signatures(mannheim, 12)
        cutoffs = [None, timezone.now() - datetime.timedelta(days=20), timezone.now()]
        found = {
            (municipality.slug, state, cutoff): assert_same(
                municipality, SignatureFilters(state=state, confirmed_by=cutoff)
            )
            for municipality in (mannheim, bamberg)
            for state in STATES
            for cutoff in cutoffs
        }
        bamberg_ids = set(
            Signature.objects.filter(municipality=bamberg).values_list("pk", flat=True)
        )
        mannheim_rows = signature_values(
            municipality=mannheim, filters=SignatureFilters(state=None), offset=0, limit=10_000
        )
    assert found[("mannheim", None, None)] > 300
    assert found[("bamberg", None, None)] == len(bamberg_ids) > 0
    assert all(
        count > 0 for (slug, state, cutoff), count in found.items() if cutoff is None and state
    )
    assert not bamberg_ids & {row["id"] for row in mannheim_rows}


def test_the_queue_past_the_target_is_the_orms(mannheim) -> None:
    with scopes_disabled():
        add_signatures(mannheim, 20)
        expected = list(
            signature_queue(municipality=mannheim, state=None, past_target_only=True).values(
                *SIGNATURE_ROW_FIELDS
            )
        )
    path = "/mannheim/verwaltung/unterzeichnungen/?ueberfaellig=on&zustand=alle"
    page = signed_in_client("team@mannheim.example").get(path)
    assert page.context["paginator"].count == len(expected) > 0
    assert [row["id"] for row in page.context["object_list"]] == [
        row["id"] for row in expected[:50]
    ]
