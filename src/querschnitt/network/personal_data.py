"""Personal data in the network (registered in `apps.py`): contacts and their consents,
signers of declarations, requesters of entries, the mail log, representatives and their
proposals, the office's work as staff, and mentions in the office's texts."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import (
    Holding,
    Person,
    Provider,
    json_value,
    mentions,
    scrub,
    text_q,
)
from querschnitt.network.models import (
    ChangeRequest,
    Contact,
    ImportRun,
    Mailing,
    MailingRecipient,
    Organisation,
    Representative,
    Signature,
)

CONTACTS = "network.contacts"
SIGNATURES = "network.signatures"
REQUESTS = "network.requests"
PUBLIC_ADDRESSES = "network.public_addresses"
MAIL_LOG = "network.mail_log"
REPRESENTATIONS = "network.representations"
CHANGE_REQUESTS = "network.change_requests"
STAFF_RECORDS = "network.staff_records"
MENTIONS = "network.mentions"
IMPORTS = "network.imports"

OPEN_REQUEST = [Organisation.Status.REQUESTED, Organisation.Status.IN_REVIEW]

# (model, field) of every link from the network's records to a member of staff.
STAFF_LINKS = [
    (Signature, "decided_by"),
    (ChangeRequest, "decided_by"),
    (Mailing, "created_by"),
    (ImportRun, "created_by"),
]
# (model, fields) of the office's free texts that may name anyone.
TEXTS: list[tuple[Any, list[str]]] = [
    (Contact, ["notes"]),
    (Signature, ["decline_reason"]),
    (ChangeRequest, ["reason", "proposed"]),
    (Mailing, ["subject", "body"]),
]


def _contacts(municipality: Municipality, person: Person) -> QuerySet[Contact]:
    return Contact.objects.filter(municipality=municipality, email__iexact=person.email)


def _signatures(municipality: Municipality, person: Person) -> QuerySet[Signature]:
    return Signature.objects.filter(
        municipality=municipality, signer_email__iexact=person.email
    ).select_related("organisation", "declaration", "version")


def _requests(municipality: Municipality, person: Person) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        municipality=municipality, requested_by_email__iexact=person.email
    )


def _public_addresses(municipality: Municipality, person: Person) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=municipality, public_email__iexact=person.email)


def _mail_log(municipality: Municipality, person: Person) -> QuerySet[MailingRecipient]:
    return MailingRecipient.objects.filter(
        municipality=municipality, email__iexact=person.email
    ).select_related("mailing")


def _representations(municipality: Municipality, person: Person) -> QuerySet[Representative]:
    return Representative.objects.filter(
        Q(user_id__in=person.user_ids) | Q(user__email__iexact=person.email),
        municipality=municipality,
    ).select_related("organisation", "user")


def _change_requests(municipality: Municipality, person: Person) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(
        Q(submitted_by_id__in=person.user_ids) | Q(submitted_by__email__iexact=person.email),
        municipality=municipality,
    ).select_related("organisation")


def _staff_records(municipality: Municipality, person: Person) -> list[tuple[Any, str, QuerySet]]:
    return [
        (
            model,
            name,
            model.objects.filter(
                Q(**{f"{name}_id__in": person.user_ids})
                | Q(**{f"{name}__email__iexact": person.email}),
                municipality=municipality,
            ),
        )
        for model, name in STAFF_LINKS
    ]


def _mentions(municipality: Municipality, person: Person) -> list[Any]:
    """Records whose free text names the person (their own contacts are erased anyway)."""
    found = []
    for model, fields in TEXTS:
        rows = model.objects.filter(text_q(fields, person.needles), municipality=municipality)
        found += [
            row
            for row in rows.order_by("pk")
            if mentions([getattr(row, name) for name in fields], person.needles)
        ]
    return found


def _imports(municipality: Municipality, person: Person) -> list[ImportRun]:
    runs = ImportRun.objects.filter(
        text_q(["report", "file_name"], person.needles), municipality=municipality
    ).defer("content")
    return [run for run in runs if mentions([run.report, run.file_name], person.needles)]


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    contacts = list(_contacts(municipality, person))
    signatures = list(_signatures(municipality, person))
    requests = list(_requests(municipality, person))
    representations = list(_representations(municipality, person))
    change_requests = list(_change_requests(municipality, person))
    users = {r.user_id for r in representations}
    return [
        Holding(
            CONTACTS,
            _("Contacts with their consents"),
            len(contacts),
            _("Deleted with their consents."),
            names=frozenset(c.name for c in contacts),
            references=frozenset(("network.contact", str(c.pk)) for c in contacts),
        ),
        Holding(
            SIGNATURES,
            _("Signatures of a declaration"),
            len(signatures),
            _(
                "Unconfirmed signatures are deleted; of the others the signer's name, function "
                "and address are removed, and that the organisation signed, and when, stays."
            ),
            names=frozenset(s.signer_name for s in signatures if s.signer_name),
            references=frozenset(("network.signature", str(s.pk)) for s in signatures),
        ),
        Holding(
            REQUESTS,
            _("Requests for an entry"),
            len(requests),
            _(
                "Open requests with nothing else attached are deleted; of the others the "
                "requester's name and address are removed, and the entry stays."
            ),
            names=frozenset(o.requested_by_name for o in requests if o.requested_by_name),
            references=frozenset(("network.organisation", str(o.pk)) for o in requests),
        ),
        Holding(
            PUBLIC_ADDRESSES,
            _("Public e-mail address of an organisation"),
            _public_addresses(municipality, person).count(),
            _("The address is removed from the entry."),
        ),
        Holding(
            MAIL_LOG,
            _("Recipient of mailings"),
            _mail_log(municipality, person).count(),
            _("The address is removed; the mailing and its number of recipients stay."),
        ),
        Holding(
            REPRESENTATIONS,
            _("Representative of an organisation"),
            len(representations),
            _("The person no longer represents the organisation."),
            user_ids=frozenset(users),
            references=frozenset(("network.representative", str(r.pk)) for r in representations),
        ),
        Holding(
            CHANGE_REQUESTS,
            _("Proposed changes to an entry"),
            len(change_requests),
            _("The proposals stay without the person."),
            references=frozenset(("network.changerequest", str(c.pk)) for c in change_requests),
        ),
        Holding(
            STAFF_RECORDS,
            _("Decisions, mailings and imports by the person as staff"),
            sum(rows.count() for _model, _name, rows in _staff_records(municipality, person)),
            _("The records stay; the link to the person is removed."),
        ),
        Holding(
            MENTIONS,
            _("Mentions in notes, reasons and mailings"),
            len(_mentions(municipality, person)),
            _("The name and address are removed from the text."),
        ),
        Holding(
            IMPORTS,
            _("Uploaded lists"),
            len(_imports(municipality, person)),
            _("They are deleted."),
        ),
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    contacts = _contacts(municipality, person).select_related("organisation")
    return {
        CONTACTS: [
            {
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "function": contact.function,
                "organisation": contact.organisation.name if contact.organisation else None,
                "notes": contact.notes,
                "recorded": json_value(contact.created_at),
                "consents": [
                    {
                        "purpose": consent.get_purpose_display(),
                        "legal_basis": consent.get_legal_basis_display(),
                        "given_on": json_value(consent.given_on),
                        "source": consent.source,
                        "withdrawn": json_value(consent.withdrawn_at),
                    }
                    for consent in contact.consents.order_by("id")
                ],
            }
            for contact in contacts.prefetch_related("consents").order_by("id")
        ],
        SIGNATURES: [
            {
                "declaration": str(signature.declaration),
                "version": signature.version.label,
                "organisation": signature.organisation.name,
                "name": signature.signer_name,
                "function": signature.signer_function,
                "email": signature.signer_email,
                "state": signature.get_state_display(),
                "signed": json_value(signature.submitted_at),
                "confirmed": json_value(signature.confirmed_at),
                "decided": json_value(signature.decided_at),
                "withdrawn": json_value(signature.withdrawn_at),
            }
            for signature in _signatures(municipality, person).order_by("id")
        ],
        REQUESTS: [
            {
                "organisation": organisation.name,
                "name": organisation.requested_by_name,
                "email": organisation.requested_by_email,
                "status": organisation.get_status_display(),
                "requested": json_value(organisation.created_at),
                "confirmed": json_value(organisation.email_confirmed_at),
            }
            for organisation in _requests(municipality, person).order_by("id")
        ],
        PUBLIC_ADDRESSES: [
            {"organisation": organisation.name, "public_email": organisation.public_email}
            for organisation in _public_addresses(municipality, person).order_by("id")
        ],
        MAIL_LOG: [
            {
                "mailing": recipient.mailing.subject,
                "email": recipient.email,
                "state": recipient.get_state_display(),
                "sent": json_value(recipient.sent_at),
            }
            for recipient in _mail_log(municipality, person).order_by("id")
        ],
        REPRESENTATIONS: [
            {"organisation": r.organisation.name, "since": json_value(r.created_at)}
            for r in _representations(municipality, person).order_by("id")
        ],
        CHANGE_REQUESTS: [
            {
                "organisation": c.organisation.name,
                "proposed": c.proposed,
                "submitted": json_value(c.submitted_at),
                "state": c.get_state_display(),
                "reason": c.reason,
            }
            for c in _change_requests(municipality, person).order_by("id")
        ],
        STAFF_RECORDS: [
            {"record": model._meta.verbose_name.title(), "id": row.pk, "as": name}
            for model, name, rows in _staff_records(municipality, person)
            for row in rows.order_by("pk")
        ],
        MENTIONS: [
            {
                "record": row._meta.verbose_name.title(),
                "text": {
                    name: json_value(getattr(row, name))
                    for _model, fields in TEXTS
                    if isinstance(row, _model)
                    for name in fields
                },
            }
            for row in _mentions(municipality, person)
        ],
        IMPORTS: [
            {"file": run.file_name, "uploaded": json_value(run.created_at)}
            for run in _imports(municipality, person)
        ],
    }


def _has_attachments(organisation: Organisation) -> bool:
    return any(
        model.objects.filter(
            municipality=organisation.municipality_id, organisation=organisation
        ).exists()
        for model in (Signature, Contact, Representative, ChangeRequest)
    )


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    done: dict[str, int] = {}
    needles = person.needles
    contacts = _contacts(municipality, person)
    done[CONTACTS] = contacts.count()
    contacts.delete()

    signatures = list(_signatures(municipality, person))
    unconfirmed = [s.pk for s in signatures if s.state == Signature.State.UNCONFIRMED]
    Signature.objects.filter(municipality=municipality, pk__in=unconfirmed).delete()
    for signature in signatures:
        if signature.pk in unconfirmed:
            continue
        signature.signer_name = signature.signer_function = signature.signer_email = ""
        signature.decline_reason = scrub(signature.decline_reason, needles)
        signature.save(
            update_fields=["signer_name", "signer_function", "signer_email", "decline_reason"]
        )
    done[SIGNATURES] = len(signatures)

    requests = list(_requests(municipality, person))
    for organisation in requests:
        if organisation.status in OPEN_REQUEST and not _has_attachments(organisation):
            organisation.delete()
        else:
            organisation.requested_by_name = organisation.requested_by_email = ""
            organisation.save(update_fields=["requested_by_name", "requested_by_email"])
    done[REQUESTS] = len(requests)

    addresses = list(_public_addresses(municipality, person))
    for organisation in addresses:
        organisation.public_email = ""
        organisation.save(update_fields=["public_email"])
    done[PUBLIC_ADDRESSES] = len(addresses)

    done[MAIL_LOG] = _mail_log(municipality, person).update(email="", contact=None, error="")
    representations = _representations(municipality, person)
    done[REPRESENTATIONS] = representations.count()
    Representative.objects.filter(
        municipality=municipality, pk__in=list(representations.values_list("pk", flat=True))
    ).delete()

    change_requests = list(_change_requests(municipality, person))
    for change_request in change_requests:
        change_request.submitted_by = None
        change_request.proposed = scrub(change_request.proposed, needles)
        change_request.reason = scrub(change_request.reason, needles)
        change_request.save(update_fields=["submitted_by", "proposed", "reason"])
    done[CHANGE_REQUESTS] = len(change_requests)

    done[STAFF_RECORDS] = sum(
        rows.update(**{name: None}) for _model, name, rows in _staff_records(municipality, person)
    )

    rows = _mentions(municipality, person)
    for row in rows:
        fields = next(fields for model, fields in TEXTS if isinstance(row, model))
        for name in fields:
            setattr(row, name, scrub(getattr(row, name), needles))
        row.save(update_fields=fields)
    done[MENTIONS] = len(rows)

    runs = _imports(municipality, person)
    ImportRun.objects.filter(municipality=municipality, pk__in=[run.pk for run in runs]).delete()
    done[IMPORTS] = len(runs)
    return done


PROVIDER = Provider(key="network", find=find, export=export, erase=erase, order=100)
