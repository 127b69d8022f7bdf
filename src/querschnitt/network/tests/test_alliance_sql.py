"""The alliance's page without filters read with SQL gives what the ORM gives: the same counts
and, page by page, the same rows; never a member of another municipality or one whose entry the
public may not see."""

from typing import Any

from django.core.paginator import Paginator
from django.test import Client
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Visibility
from querschnitt.network.models import Alliance, Organisation, Signature
from querschnitt.network.public_rows import MEMBER_FIELDS
from querschnitt.network.selectors.alliance_sql import ListedMembers, member_counts
from querschnitt.network.selectors.declarations import alliance_members_listed, current_members


def test_the_members_read_with_sql_are_the_rows_the_orm_reads(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        alliance = Alliance.objects.select_related("declaration").get(municipality=mannheim)
        declaration = alliance.declaration
        # one member's entry is hidden from the public, another one's still in review
        hidden, in_review = (
            current_members(declaration=declaration)
            .order_by("id")
            .values_list("organisation_id", flat=True)[:2]
        )
        Organisation.objects.filter(pk=hidden).update(visibility=Visibility.INTERNAL)
        Organisation.objects.filter(pk=in_review).update(status=Organisation.Status.IN_REVIEW)
        _same_names_out_of_order(declaration, first="Aaa Namensvetter", last="Zzz Namensvetter")
        through_orm = alliance_members_listed(declaration=declaration).values(*MEMBER_FIELDS)
        expected_counts = (current_members(declaration=declaration).count(), through_orm.count())
        counts = member_counts(municipality=mannheim, declaration_id=declaration.pk)
        assert counts == expected_counts
        assert counts[0] > counts[1] > 100
        with_sql: Paginator[Any] = Paginator(
            ListedMembers(municipality=mannheim, declaration_id=declaration.pk, listed=counts[1]),  # type: ignore[arg-type]  # sized and sliced as the paginator needs
            50,
        )
        with_orm = Paginator(through_orm, 50)
        assert with_sql.num_pages == with_orm.num_pages > 2
        for number in with_sql.page_range:
            assert list(with_sql.page(number).object_list) == list(
                with_orm.page(number).object_list
            )
        listed = {
            row["organisation_id"]
            for number in with_sql.page_range
            for row in with_sql.page(number).object_list
        }
        assert hidden not in listed
        assert in_review not in listed
        assert any(row["organisation__district__name"] for row in with_sql.page(1).object_list)
        for number in (1, with_sql.num_pages):  # read in name order, and sorted
            names = [row["organisation__name"] for row in with_sql.page(number).object_list]
            assert names.count("Aaa Namensvetter" if number == 1 else "Zzz Namensvetter") == 2
    # Mannheim's declaration asked for in Bamberg, with a Bamberg organisation signed to it
    with scopes_disabled():
        stranger = Organisation.objects.filter(municipality=bamberg).first()
        signature = Signature.objects.filter(declaration=declaration).first()
        signature.pk, signature.organisation = None, stranger
        signature.save()
    assert member_counts(municipality=mannheim, declaration_id=declaration.pk) == counts
    assert member_counts(municipality=bamberg, declaration_id=declaration.pk) == (0, 0)
    foreign = ListedMembers(municipality=bamberg, declaration_id=declaration.pk, listed=50)
    assert foreign[0:50] == []


def _same_names_out_of_order(declaration: Any, *, first: str, last: str) -> None:
    """Two pairs of members of the same name (one on the first page, one on the last), each
    pair's signatures in the other order than its organisations: (name, signature) is not
    (name, organisation)."""
    signatures = list(current_members(declaration=declaration).order_by("id")[2:6])
    for name, (earlier, later) in ((first, signatures[0:2]), (last, signatures[2:4])):
        low, high = sorted([earlier.organisation_id, later.organisation_id])
        Signature.objects.filter(pk=earlier.pk).update(organisation_id=high)
        Signature.objects.filter(pk=later.pk).update(organisation_id=low)
        Organisation.objects.filter(pk__in=[low, high]).update(name=name)


def test_the_page_counts_what_it_lists(mannheim) -> None:
    with scope(municipality=mannheim):
        alliance = Alliance.objects.get(municipality=mannheim)
        members = current_members(declaration=alliance.declaration)
        Signature.objects.filter(pk=members.order_by("id")[0].pk).update(
            state=Signature.State.WITHDRAWN
        )
        members_count = members.count()
    client = Client()
    client.cookies["qs_language"] = "en"
    page = client.get(f"/mannheim/buendnisse/{alliance.slug}/")
    assert page.status_code == 200
    assert f"{members_count} institutions belong to the alliance" in page.content.decode()
