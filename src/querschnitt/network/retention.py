"""Retention periods of the network's personal data (registered in `apps.py`)."""

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from querschnitt.core import retention
from querschnitt.core.models import Municipality
from querschnitt.network.models import (
    ChangeRequest,
    Consent,
    Contact,
    ImportRun,
    MailingRecipient,
    Organisation,
    Representative,
    Signature,
)
from querschnitt.network.services.declarations import signatures_expire_unconfirmed
from querschnitt.network.services.entries import entry_requests_expire


def unconfirmed_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted = entry_requests_expire(municipality=municipality, before=before)
    signatures, organisations = signatures_expire_unconfirmed(
        municipality=municipality, before=before
    )
    return deleted + signatures + organisations


def declined_signatures_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted, _by_model = Signature.objects.filter(
        municipality=municipality, state=Signature.State.DECLINED, decided_at__lt=before
    ).delete()
    return deleted


def rejected_requests_purge(*, municipality: Municipality, before: datetime) -> int:
    """Requested entries that were never published and are archived (rejected, or declined
    with their signature), with nothing else attached."""
    rejected = Organisation.objects.filter(
        municipality=municipality,
        status=Organisation.Status.ARCHIVED,
        published_at__isnull=True,
        updated_at__lt=before,
    ).exclude(requested_by_email="", requested_by_name="")
    for model in (Signature, Contact, Representative, ChangeRequest):
        rejected = rejected.exclude(
            Exists(model.objects.filter(municipality=municipality, organisation=OuterRef("pk")))
        )
    deleted, _by_model = Organisation.objects.filter(
        municipality=municipality, pk__in=list(rejected.values_list("pk", flat=True))
    ).delete()
    return deleted


def withdrawn_signatures_purge(*, municipality: Municipality, before: datetime) -> int:
    return (
        Signature.objects.filter(
            municipality=municipality,
            state=Signature.State.WITHDRAWN,
            withdrawn_at__lt=before,
        )
        .exclude(signer_name="", signer_function="", signer_email="")
        .update(signer_name="", signer_function="", signer_email="")
    )


def withdrawn_consents_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted, _by_model = Consent.objects.filter(
        municipality=municipality, withdrawn_at__lt=before
    ).delete()
    return deleted


def mail_log_purge(*, municipality: Municipality, before: datetime) -> int:
    return (
        MailingRecipient.objects.filter(municipality=municipality, mailing__sent_at__lt=before)
        .exclude(email="", contact=None, error="")
        .update(email="", contact=None, error="")
    )


def import_files_purge(*, municipality: Municipality, before: datetime) -> int:
    deleted, _by_model = ImportRun.objects.filter(
        municipality=municipality, created_at__lt=before
    ).delete()
    return deleted


KINDS = [
    retention.Kind(
        key="network.unconfirmed",
        label=_("Unconfirmed requests and signatures"),
        what=_(
            "Requests for an entry and signatures whose e-mail address was never confirmed, "
            "with the organisations requested only through them."
        ),
        default_days=7,
        reason=_(
            "As long as the confirmation link is valid: an address nobody confirmed may have "
            "been entered by someone else."
        ),
        purge=unconfirmed_purge,
        minimum_days=7,
        maximum_days=90,
        order=10,
    ),
    retention.Kind(
        key="network.declined_signatures",
        label=_("Declined signatures"),
        what=_("Declined signatures with the signer's name, function and e-mail address."),
        default_days=183,
        reason=_(
            "Six months after the decision leave time for questions and objections; the "
            "decision itself stays in the audit trail."
        ),
        purge=declined_signatures_purge,
        minimum_days=30,
        order=20,
    ),
    retention.Kind(
        key="network.rejected_requests",
        label=_("Rejected requests for an entry"),
        what=_("Entries that were requested but never published, with the requester's data."),
        default_days=183,
        reason=_(
            "Six months after the decision, as for declined signatures: time for questions "
            "and a renewed request."
        ),
        purge=rejected_requests_purge,
        minimum_days=30,
        order=21,
    ),
    retention.Kind(
        key="network.withdrawn_signatures",
        label=_("Signers of withdrawn signatures"),
        what=_(
            "The signer's name, function and e-mail address; that the organisation signed "
            "and when it left stays."
        ),
        default_days=365,
        reason=_(
            "One year after the withdrawal: the office can still answer questions about the "
            "membership; the alliance's history needs no names."
        ),
        purge=withdrawn_signatures_purge,
        minimum_days=30,
        order=22,
    ),
    retention.Kind(
        key="network.withdrawn_consents",
        label=_("Withdrawn consents"),
        what=_("Consents that were withdrawn: purpose, legal basis, dates and source."),
        default_days=1095,
        reason=_(
            "Three years, the regular limitation period (§ 195 BGB): the office must be able "
            "to show that it had consent and respected its withdrawal (Art. 7(1) GDPR)."
        ),
        purge=withdrawn_consents_purge,
        minimum_days=180,
        order=30,
    ),
    retention.Kind(
        key="network.mail_logs",
        label=_("Recipients of mailings"),
        what=_(
            "The e-mail address of each recipient of a sent mailing; the mailing itself, "
            "its text and the number of recipients stay."
        ),
        default_days=90,
        reason=_(
            "Three months are enough to deal with bounced mail and questions about who "
            "received a mailing."
        ),
        purge=mail_log_purge,
        minimum_days=7,
        order=31,
    ),
    retention.Kind(
        key="network.import_files",
        label=_("Uploaded lists"),
        what=_("Uploaded XLSX and CSV files of the import, with their preview."),
        default_days=30,
        reason=_(
            "An import is applied or abandoned within days; the lists may contain contact "
            "data that is kept in the directory and contacts anyway once imported."
        ),
        purge=import_files_purge,
        minimum_days=1,
        order=32,
    ),
]
