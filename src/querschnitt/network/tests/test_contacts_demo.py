"""The demo contacts: fictional, example.org only, consents in every state, idempotent."""

import pytest
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.network.demo_contacts import DEMO_NOTE, load_demo_contacts
from querschnitt.network.models import Consent, Contact
from querschnitt.network.selectors.mailings import Segment, segment_counts


@pytest.mark.django_db
def test_demo_contacts_are_fictional_and_loading_twice_changes_nothing(
    mannheim: Municipality,
) -> None:
    first = load_demo_contacts(mannheim)
    assert first > 0
    with scope(municipality=mannheim):
        snapshot = set(Contact.objects.filter(notes=DEMO_NOTE).values_list("name", "email"))
        consents = Consent.objects.filter(contact__notes=DEMO_NOTE).count()
    assert load_demo_contacts(mannheim) == first
    with scope(municipality=mannheim):
        assert set(Contact.objects.filter(notes=DEMO_NOTE).values_list("name", "email")) == (
            snapshot
        )
        assert Consent.objects.filter(contact__notes=DEMO_NOTE).count() == consents
        assert all(email == "" or email.endswith("@example.org") for _name, email in snapshot)
        mailings = Consent.objects.filter(contact__notes=DEMO_NOTE, purpose="mailings")
        assert mailings.filter(withdrawn_at__isnull=True).exists()
        assert mailings.filter(withdrawn_at__isnull=False).exists()
        assert (
            Contact.objects.filter(notes=DEMO_NOTE).exclude(consents__purpose="mailings").exists()
        )
        kinds = Segment(
            kinds=tuple(
                Contact.objects.filter(notes=DEMO_NOTE)
                .values_list("organisation__kind", flat=True)
                .distinct()
            )
        )
        counts = segment_counts(municipality=mannheim, segment=kinds)
        assert 0 < counts.addresses < counts.contacts
