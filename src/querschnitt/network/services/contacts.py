"""Writes of the office's internal contacts and of the consents that allow using their data.

The audit trail records which fields changed, never their values: contacts are personal data.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, Contact, Organisation

CONTACT_FIELDS = ("name", "email", "phone", "function", "organisation", "notes")


def contact_check_organisation(*, municipality: Municipality, organisation: Any) -> None:
    if organisation is not None and (
        not isinstance(organisation, Organisation)
        or organisation.municipality_id != municipality.pk
    ):
        raise ValidationError({"organisation": _("Choose an organisation of this municipality.")})


@transaction.atomic
def contact_create(
    *,
    municipality: Municipality,
    by: Any,
    name: str,
    email: str = "",
    phone: str = "",
    function: str = "",
    organisation: Organisation | None = None,
    notes: str = "",
) -> Contact:
    """Record a person at an organisation whom the office works with."""
    contact_check_organisation(municipality=municipality, organisation=organisation)
    contact = Contact(
        municipality=municipality,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        function=function.strip(),
        organisation=organisation,
        notes=notes,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="contact.created",
        target=contact,
        changes={"fields": sorted(name for name in CONTACT_FIELDS if getattr(contact, name))},
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by: Any, **fields: Any) -> Contact:
    """Change a contact's details; the audit trail names the changed fields only."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields: {sorted(unknown)}")
    if "organisation" in fields:
        contact_check_organisation(
            municipality=contact.municipality, organisation=fields["organisation"]
        )
    before = snapshot(contact)
    for name, value in fields.items():
        setattr(
            contact, name, value.strip() if isinstance(value, str) and name != "notes" else value
        )
    contact.full_clean()
    contact.save()
    changed = sorted(field_changes(before, contact))
    if changed:
        audit_record(
            municipality=contact.municipality,
            actor=by,
            action="contact.updated",
            target=contact,
            changes={"fields": changed},
        )
    return contact


@transaction.atomic
def consent_create(
    *,
    contact: Contact,
    by: Any,
    purpose: str,
    legal_basis: str,
    given_on: datetime.date,
    source: str,
) -> Consent:
    """Record on which legal basis the office may use the contact's data for one purpose."""
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date cannot be in the future.")})
    consent = Consent(
        municipality=contact.municipality,
        contact=contact,
        purpose=purpose,
        legal_basis=legal_basis,
        given_on=given_on,
        source=source.strip(),
    )
    consent.full_clean()
    consent.save()
    audit_record(
        municipality=contact.municipality,
        actor=by,
        action="consent.created",
        target=contact,
        changes={"purpose": purpose, "legal_basis": legal_basis},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: Any, via: str = "office") -> Consent:
    """Mark a consent as withdrawn; withdrawing it again changes nothing."""
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit_record(
        municipality=consent.municipality,
        actor=by,
        action="consent.withdrawn",
        target=consent.contact,
        changes={"purpose": consent.purpose, "via": via},
    )
    return consent


@transaction.atomic
def contact_unsubscribe(*, contact: Contact, purpose: str = Consent.Purpose.MAILINGS) -> int:
    """Withdraw every current consent of the contact for `purpose` (the unsubscribe link).

    Returns how many were withdrawn; 0 when the contact had unsubscribed already.
    """
    consents = list(
        Consent.objects.select_for_update().filter(
            municipality=contact.municipality,
            contact=contact,
            purpose=purpose,
            withdrawn_at__isnull=True,
        )
    )
    for consent in consents:
        consent.contact = contact
        consent_withdraw(consent=consent, by=None, via="unsubscribe link")
    return len(consents)
