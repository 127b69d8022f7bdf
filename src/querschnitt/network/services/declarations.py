"""Writes of declarations: an institution signs, confirms its e-mail address (double opt-in),
the office accepts or declines, a member withdraws; unconfirmed signatures expire."""

from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import FALLBACK_LANGUAGE, interface_language, translate
from querschnitt.network.models import (
    ChangeRequest,
    Contact,
    Declaration,
    District,
    Organisation,
    Representative,
    Signature,
)
from querschnitt.network.selectors.declarations import (
    current_version,
    name_key,
    network_settings_of,
    published_organisation_named,
)
from querschnitt.network.services.organisations import organisation_create, organisation_update

CONFIRM_SALT = "querschnitt.network.signature-confirm"
WITHDRAW_SALT = "querschnitt.network.signature-withdraw"
State = Signature.State


class SignatureLinkError(Exception):
    """A link from an e-mail that cannot be used; `reason` is shown to the visitor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _absolute(base_url: str, municipality: Municipality, name: str, **kwargs: Any) -> str:
    return base_url.rstrip("/") + municipality_reverse(municipality, name, **kwargs)


def _mail(
    template: str, context: dict[str, Any], subject: Any, recipient: str, *, language: str
) -> None:
    """Mail to the signing person in the language they used (`subject` lazy, so that it is
    translated there). Queued as a task row in the caller's transaction: sent only if the
    change commits."""
    if not recipient:  # the signer's address has been erased
        return
    with translation.override(language or FALLBACK_LANGUAGE):
        send_mail(str(subject), render_to_string(template, context), None, [recipient])


def _token(signature: Signature, salt: str) -> str:
    return signing.dumps({"m": signature.municipality_id, "s": signature.pk}, salt=salt)


def _signature_from_token(
    *, municipality: Municipality, token: str, salt: str, max_age: timedelta
) -> Signature:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise SignatureLinkError(_("This link has expired.")) from error
    except signing.BadSignature as error:
        raise SignatureLinkError(_("This link is not valid.")) from error
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise SignatureLinkError(_("This link is not valid."))
    signature = (
        Signature.objects.filter(municipality=municipality, pk=data.get("s"))
        .select_related("organisation", "declaration", "version")
        .first()
    )
    if signature is None:
        raise SignatureLinkError(_("This link has expired."))
    return signature


def signature_confirm_token(*, signature: Signature) -> str:
    """The token of the link that confirms a signer's e-mail address."""
    return _token(signature, CONFIRM_SALT)


def signature_withdraw_token(*, signature: Signature) -> str:
    """The token of the link that withdraws an accepted signature."""
    return _token(signature, WITHDRAW_SALT)


def signature_from_confirm_token(*, municipality: Municipality, token: str) -> Signature:
    """The signature a confirmation link names; SignatureLinkError if forged or expired."""
    days = network_settings_of(municipality=municipality).request_expiry_days
    return _signature_from_token(
        municipality=municipality, token=token, salt=CONFIRM_SALT, max_age=timedelta(days=days)
    )


def signature_from_withdraw_token(*, municipality: Municipality, token: str) -> Signature:
    """The signature a withdrawal link names; SignatureLinkError if forged or expired."""
    days = network_settings_of(municipality=municipality).request_expiry_days
    return _signature_from_token(
        municipality=municipality, token=token, salt=WITHDRAW_SALT, max_age=timedelta(days=days)
    )


@transaction.atomic
def signature_submit(
    *,
    declaration: Declaration,
    organisation_name: str,
    kind: str,
    street: str,
    postal_code: str,
    city: str,
    signer_name: str,
    signer_function: str,
    signer_email: str,
    base_url: str,
    district: District | None = None,
    public_email: str = "",
    website: str = "",
    language: str = "",
) -> Signature:
    """An institution signs a declaration: the signature waits for the e-mail confirmation.

    `language` is the one the signing person used (default: the active one); every mail to
    them is written in it.

    An existing published organisation of the same name (case and spacing ignored) is linked
    instead of creating a duplicate; otherwise the organisation is created as requested.
    """
    municipality = declaration.municipality
    if not declaration.is_open_for_signing:
        raise ValidationError(_("This declaration is not open for signing."))
    version = current_version(declaration=declaration)
    if version is None:
        raise ValidationError(_("This declaration has no text to sign yet."))
    if district is not None and district.municipality_id != municipality.pk:
        raise ValidationError({"district": _("Choose a district of this municipality.")})
    if not signer_name.strip() or not signer_email.strip():
        raise ValidationError(_("The name and e-mail address of the signing person are needed."))
    organisation = published_organisation_named(municipality=municipality, name=organisation_name)
    if organisation is not None:
        already = Signature.objects.filter(
            municipality=municipality,
            declaration=declaration,
            organisation=organisation,
            state__in=[State.PENDING_REVIEW, State.ACCEPTED],
        ).exists()
        if already:
            raise ValidationError(
                {"organisation_name": _("This organisation has already signed the declaration.")}
            )
    else:
        organisation = organisation_create(
            municipality=municipality,
            by=None,
            name=" ".join(organisation_name.split()),
            kind=kind,
            street=street,
            postal_code=postal_code,
            city=city,
            district=district,
            public_email=public_email,
            website=website,
            status=Organisation.Status.REQUESTED,
            visibility=Visibility.PUBLIC,
            requested_by_name=signer_name,
            requested_by_email=signer_email,
        )
    signature = Signature(
        municipality=municipality,
        declaration=declaration,
        version=version,
        organisation=organisation,
        signer_name=signer_name,
        signer_function=signer_function,
        signer_email=signer_email,
        signer_language=interface_language(language),
        state=State.UNCONFIRMED,
    )
    signature.full_clean()
    signature.save()
    audit_record(
        municipality=municipality, actor=None, action="signature.submitted", target=signature
    )
    days = network_settings_of(municipality=municipality).request_expiry_days
    _mail(
        "network/email/signature_confirm.txt",
        {
            "signature": signature,
            "declaration_title": translate(declaration.title).text,
            "municipality": municipality,
            "link": _absolute(
                base_url,
                municipality,
                "network:signature_confirm",
                token=signature_confirm_token(signature=signature),
            ),
            "days": days,
        },
        gettext_lazy("Please confirm your signature"),
        signer_email,
        language=signature.signer_language,
    )
    return signature


@transaction.atomic
def signature_confirm(*, signature: Signature) -> bool:
    """The signer confirmed the e-mail address: the signature now waits for review.

    Returns False (and changes nothing) if it was confirmed before.
    """
    locked = Signature.objects.select_for_update().get(
        municipality=signature.municipality_id, pk=signature.pk
    )
    if locked.state != State.UNCONFIRMED:
        return False
    now = timezone.now()
    locked.state = State.PENDING_REVIEW
    locked.confirmed_at = now
    locked.full_clean()
    locked.save(update_fields=["state", "confirmed_at"])
    organisation = locked.organisation
    if organisation.status == Organisation.Status.REQUESTED and not organisation.email_confirmed_at:
        organisation_update(organisation=organisation, by=None, email_confirmed_at=now)
    audit_record(
        municipality=locked.municipality, actor=None, action="signature.confirmed", target=locked
    )
    signature.state, signature.confirmed_at = locked.state, locked.confirmed_at
    return True


def _check_pending(signature: Signature) -> Signature:
    locked = Signature.objects.select_for_update().get(
        municipality=signature.municipality_id, pk=signature.pk
    )
    if locked.state != State.PENDING_REVIEW:
        raise ValidationError(_("Only a signature that waits for review can be decided."))
    return locked


@transaction.atomic
def signature_accept(*, signature: Signature, by: Any, base_url: str = "") -> Signature:
    """Accept a signature: the institution joins the alliance and is welcomed by e-mail."""
    locked = _check_pending(signature)
    municipality = locked.municipality
    locked.state = State.ACCEPTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.full_clean()
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    organisation = locked.organisation
    if organisation.status == Organisation.Status.REQUESTED:
        organisation_update(organisation=organisation, by=by, status=Organisation.Status.PUBLISHED)
    audit_record(municipality=municipality, actor=by, action="signature.accepted", target=locked)
    declaration = locked.declaration
    alliance = getattr(declaration, "alliance", None)
    with translation.override(locked.signer_language or FALLBACK_LANGUAGE):
        _mail(
            "network/email/signature_welcome.txt",
            {
                "signature": locked,
                "declaration_title": translate(declaration.title).text,
                "alliance_name": translate(alliance.name).text if alliance else "",
                "alliance_link": _absolute(
                    base_url, municipality, "network:alliance", slug=alliance.slug
                )
                if alliance and base_url
                else "",
                "municipality": municipality,
            },
            gettext_lazy("Welcome to the alliance")
            if alliance
            else gettext_lazy("Your signature has been accepted"),
            locked.signer_email,
            language=locked.signer_language,
        )
    return locked


@transaction.atomic
def signature_decline(*, signature: Signature, by: Any, reason: str) -> Signature:
    """Decline a signature with a reason, which the signer receives by e-mail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    locked = _check_pending(signature)
    municipality = locked.municipality
    locked.state = State.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decline_reason = reason
    locked.full_clean()
    locked.save(update_fields=["state", "decided_at", "decided_by", "decline_reason"])
    organisation = locked.organisation
    # An organisation that came only through this signature does not go into the directory.
    if organisation.status == Organisation.Status.REQUESTED:
        organisation_update(organisation=organisation, by=by, status=Organisation.Status.ARCHIVED)
    audit_record(
        municipality=municipality,
        actor=by,
        action="signature.declined",
        target=locked,
        changes={"reason": reason},
    )
    with translation.override(locked.signer_language or FALLBACK_LANGUAGE):
        _mail(
            "network/email/signature_declined.txt",
            {
                "signature": locked,
                "declaration_title": translate(locked.declaration.title).text,
                "reason": reason,
                "municipality": municipality,
            },
            gettext_lazy("Your signature of the declaration"),
            locked.signer_email,
            language=locked.signer_language,
        )
    return locked


@transaction.atomic
def signature_withdraw_request(
    *, declaration: Declaration, email: str, organisation_name: str, base_url: str
) -> int:
    """Mail a withdrawal link for each accepted signature of this e-mail address and name.

    Returns the number of links sent; the caller must not reveal it to the visitor.
    """
    municipality = declaration.municipality
    key = name_key(organisation_name)
    signatures = Signature.objects.filter(
        municipality=municipality,
        declaration=declaration,
        state=State.ACCEPTED,
        signer_email__iexact=email.strip(),
    ).select_related("organisation")
    sent = 0
    for signature in signatures:
        if name_key(signature.organisation.name) != key:
            continue
        _mail(
            "network/email/signature_withdraw.txt",
            {
                "signature": signature,
                "declaration_title": translate(declaration.title).text,
                "municipality": municipality,
                "link": _absolute(
                    base_url,
                    municipality,
                    "network:signature_withdraw",
                    token=signature_withdraw_token(signature=signature),
                ),
                "days": network_settings_of(municipality=municipality).request_expiry_days,
            },
            gettext_lazy("Withdrawing your signature"),
            signature.signer_email,
            language=interface_language(),
        )
        sent += 1
    return sent


@transaction.atomic
def signature_withdraw(*, signature: Signature, by: Any = None) -> bool:
    """The institution withdraws its signature and leaves the alliance.

    Returns False (and changes nothing) if it was not an accepted signature.
    """
    locked = Signature.objects.select_for_update().get(
        municipality=signature.municipality_id, pk=signature.pk
    )
    if locked.state != State.ACCEPTED:
        return False
    locked.state = State.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["state", "withdrawn_at"])
    audit_record(
        municipality=locked.municipality, actor=by, action="signature.withdrawn", target=locked
    )
    signature.state, signature.withdrawn_at = locked.state, locked.withdrawn_at
    return True


@transaction.atomic
def signatures_expire_unconfirmed(
    *, municipality: Municipality, now: datetime | None = None, before: datetime | None = None
) -> tuple[int, int]:
    """Delete signatures whose e-mail address was not confirmed in time, and the requested
    organisations that came with them and have nothing else attached.

    Returns (signatures deleted, organisations deleted).
    """
    days = network_settings_of(municipality=municipality).request_expiry_days
    cutoff = before or (now or timezone.now()) - timedelta(days=days)
    expired = Signature.objects.filter(
        municipality=municipality, state=State.UNCONFIRMED, submitted_at__lt=cutoff
    )
    expired_ids = list(expired.values_list("pk", flat=True))
    if not expired_ids:
        return 0, 0
    organisation_ids = set(expired.values_list("organisation_id", flat=True))
    Signature.objects.filter(municipality=municipality, pk__in=expired_ids).delete()
    orphans = Organisation.objects.filter(
        municipality=municipality,
        pk__in=organisation_ids,
        status=Organisation.Status.REQUESTED,
    )
    for model in (Signature, Contact, Representative, ChangeRequest):
        orphans = orphans.exclude(
            Exists(model.objects.filter(municipality=municipality, organisation=OuterRef("pk")))
        )
    orphan_ids = list(orphans.values_list("pk", flat=True))
    Organisation.objects.filter(municipality=municipality, pk__in=orphan_ids).delete()
    audit_record(
        municipality=municipality,
        actor=None,
        action="signature.expired",
        changes={"signatures": len(expired_ids), "organisations": len(orphan_ids)},
    )
    return len(expired_ids), len(orphan_ids)
