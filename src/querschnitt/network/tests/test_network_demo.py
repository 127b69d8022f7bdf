"""The network demo: Mannheim's declaration and alliance, Bamberg's actors; idempotent, fast."""

from decimal import Decimal

import pytest
from django.db.models import Count
from django_scopes import scopes_disabled

from querschnitt.core.demo.loader import load_demo
from querschnitt.network import demo
from querschnitt.network.models import (
    Alliance,
    Declaration,
    District,
    NetworkSettings,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Representative,
    Signature,
)
from querschnitt.network.search import build_search_text

pytestmark = pytest.mark.django_db

MODELS = [
    District,
    Organisation,
    OrganisationTopic,
    OrganisationLanguage,
    Signature,
    Declaration,
    Alliance,
    Representative,
    NetworkSettings,
]


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_again_changes_nothing() -> None:
    before = counts()
    with scopes_disabled():
        signatures = list(
            Signature.objects.order_by("pk").values_list("pk", "state", "submitted_at")
        )
    load_demo()
    assert counts() == before
    with scopes_disabled():
        assert (
            list(Signature.objects.order_by("pk").values_list("pk", "state", "submitted_at"))
            == signatures
        )


def test_mannheim_signatures_per_state(mannheim, unscoped) -> None:
    states = dict(
        Signature.objects.filter(municipality=mannheim)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    assert states == {str(state): n for state, n in demo.MANNHEIM_FIGURES.items()}
    accepted = Signature.objects.filter(municipality=mannheim, state=Signature.State.ACCEPTED)
    launch = accepted.filter(decided_at__date=demo.LAUNCH_DAY).count()
    assert launch == demo.LAUNCH_DAY_SIGNATORIES
    assert accepted.count() > 320
    # Waiting longer than the six weeks target: some, not all.
    pending = Signature.objects.filter(municipality=mannheim, state="pending_review")
    waits = [s.confirmed_at for s in pending]
    assert all(waits)
    declined = Signature.objects.filter(municipality=mannheim, state="declined")
    assert all(s.decline_reason for s in declined)
    assert all(
        s.withdrawn_at for s in Signature.objects.filter(municipality=mannheim, state="withdrawn")
    )


def test_mannheim_declaration_versions_and_alliance(mannheim, unscoped) -> None:
    declaration = Declaration.objects.get(municipality=mannheim, slug="mannheimer-erklaerung")
    versions = list(declaration.versions.values_list("label", "adopted_on"))
    assert [label for label, _adopted in versions] == ["2009", "2016 (erweitert)"]
    assert str(versions[0][1]) == "2009-12-22"
    assert str(versions[1][1]) == "2016-05-03"
    assert (
        "weder Gütesiegel noch Ausdruck eines bereits erreichten Ziels"
        in (declaration.signing_meaning["de"])
    )
    alliance = Alliance.objects.get(municipality=mannheim, slug="mannheimer-buendnis")
    assert alliance.declaration == declaration
    assert str(alliance.launched_on) == "2016-10-05"
    assert NetworkSettings.objects.get(municipality=mannheim).signature_review_days == 42


def test_example_organisations_are_plausible(mannheim, bamberg, unscoped) -> None:
    for municipality, (south, north, west, east) in [
        (mannheim, (49.44, 49.56, 8.42, 8.59)),
        (bamberg, (49.87, 49.92, 10.85, 10.93)),
    ]:
        organisations = Organisation.objects.filter(municipality=municipality)
        assert organisations.filter(is_example=False).count() == 0
        for organisation in organisations.select_related("district"):
            assert Decimal(south) <= organisation.latitude <= Decimal(north)
            assert Decimal(west) <= organisation.longitude <= Decimal(east)
            assert organisation.district.municipality_id == municipality.pk
            assert organisation.search_text == build_search_text(organisation)
        assert OrganisationTopic.objects.filter(municipality=municipality).exists()
    assert Organisation.objects.filter(municipality=bamberg).count() == 40
    assert set(
        Organisation.objects.filter(municipality=bamberg).values_list("kind", flat=True)
    ) <= {"welfare", "association", "sports_club", "cultural_institution", "religious_community"}
    assert not Declaration.objects.filter(municipality=bamberg).exists()
    statuses = set(
        Organisation.objects.filter(municipality=mannheim).values_list("status", flat=True)
    )
    assert statuses == {"requested", "in_review", "published", "archived"}
    assert District.objects.filter(municipality=mannheim).count() == 17


def test_the_representatives_have_their_organisation(mannheim, bamberg, unscoped) -> None:
    for municipality, name in [
        (mannheim, demo.MANNHEIM_REPRESENTED),
        (bamberg, demo.BAMBERG_REPRESENTED),
    ]:
        representative = Representative.objects.get(municipality=municipality)
        assert representative.user.email == f"verein@{municipality.slug}.example"
        assert representative.organisation.name == name
        assert representative.organisation.status == "published"


def test_the_demo_reads_like_a_real_citys_network() -> None:
    from collections import Counter
    from datetime import date

    for plan in (demo.mannheim_plan(date(2026, 12, 1)), demo.bamberg_plan(date(2026, 12, 1))):
        names = [organisation.name for organisation in plan]
        assert len(set(names)) == len(names)
        # No pattern of two leading words names more than a few of them.
        patterns = Counter(" ".join(name.split()[:2]) for name in names)
        assert patterns.most_common(1)[0][1] <= max(2, len(names) // 50), patterns.most_common(3)
        kinds_of_names = ("gGmbH", "Kirchengemeinde", "Moscheegemeinde", "Elternverein")
        if len(names) > 100:
            for word in kinds_of_names:
                assert any(word in name for name in names), word
        # Every website and address is the organisation's own, under .example.
        for attribute in ("website", "public_email"):
            values = [getattr(o, attribute) for o in plan if getattr(o, attribute)]
            assert len(set(values)) == len(values), attribute
            assert all(".example" in value for value in values)
        for organisation in plan:
            if organisation.website:
                assert demo._slugify_mail(organisation.name)[:20] in organisation.website
