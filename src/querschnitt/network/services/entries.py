"""Writes of self-service entries: an organisation requests an entry and confirms its e-mail
address, the office approves or rejects it, representatives keep the entry current."""

import enum
import re
from collections.abc import Iterable
from copy import copy
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.accounts.models import Role, User
from querschnitt.accounts.services import role_assign, send_invitation
from querschnitt.core.audit import audit_record
from querschnitt.core.files import file_delete_on_commit, upload_path
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import FALLBACK_LANGUAGE, interface_language
from querschnitt.network.logos import LOGO_AREA
from querschnitt.network.models import (
    ChangeRequest,
    Contact,
    District,
    Organisation,
    Representative,
    Signature,
    Topic,
)
from querschnitt.network.selectors.entries import (
    EDITABLE_FIELDS,
    SPOKEN_LANGUAGES,
    network_settings_of,
    organisation_values,
    pending_change_request_of,
)
from querschnitt.network.services.organisations import (
    organisation_check_logo,
    organisation_create,
    organisation_update,
)

CONFIRM_SALT = "querschnitt.network.entry-request"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class EntryLinkError(Exception):
    """A confirmation link that cannot be used; `reason` is shown to the visitor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChangeOutcome(enum.Enum):
    """What became of a representative's edit."""

    UNCHANGED = "unchanged"
    APPLIED = "applied"
    QUEUED = "queued"
    WITHDRAWN = "withdrawn"


def _mail(
    template: str,
    context: dict[str, Any],
    subject: Any,
    recipient: str,
    *,
    language: str,
    subject_args: dict[str, Any] | None = None,
) -> None:
    """Mail in `language`: the office's language to the office, the language a person used to
    that person (`subject` is lazy, so that it is translated there too). A task row in the
    caller's transaction: sent only if the change commits."""
    with translation.override(language or FALLBACK_LANGUAGE):
        text = str(subject) % subject_args if subject_args else str(subject)
        send_mail(text, render_to_string(template, context), None, [recipient])


def _absolute(base_url: str, municipality: Municipality, name: str, **kwargs: Any) -> str:
    return base_url.rstrip("/") + municipality_reverse(municipality, name, **kwargs)


def _check_topics_and_languages(
    topics: Iterable[str], languages: Iterable[str], already: Iterable[str] = ()
) -> None:
    """Topics from the fixed list; languages from the list, or those the entry has already."""
    errors = {}
    if unknown := sorted(set(topics) - set(Topic.values)):
        errors["topics"] = _("Unknown topics: %(topics)s") % {"topics": ", ".join(unknown)}
    if unknown := sorted(
        code
        for code in set(languages) - set(already)
        if code not in SPOKEN_LANGUAGES or not LANGUAGE_CODE.match(code)
    ):
        errors["languages"] = _("Unknown languages: %(codes)s") % {"codes": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)


def _check_district(municipality: Municipality, district: District | None) -> None:
    if district is not None and district.municipality_id != municipality.pk:
        raise ValidationError({"district": _("Choose a district of this municipality.")})


# Requests ------------------------------------------------------------------------------


def entry_request_token(*, organisation: Organisation) -> str:
    """The signed, expiring token of the confirmation link (nothing secret is stored)."""
    return signing.dumps(
        {"m": organisation.municipality_id, "o": organisation.pk}, salt=CONFIRM_SALT
    )


@transaction.atomic
def entry_request_submit(
    *,
    municipality: Municipality,
    requester_name: str,
    requester_email: str,
    base_url: str,
    topics: Iterable[str] = (),
    languages: Iterable[str] = (),
    language: str = "",
    **fields: Any,
) -> Organisation:
    """Record a request for an entry and mail the requester a link to confirm their address.

    `language` is the one the requester used (default: the active one); every mail to them is
    written in it.

    A request whose name is already in the directory is not refused: the office's queue marks
    it as a likely duplicate.
    """
    topics, languages = list(topics), list(languages)
    _check_topics_and_languages(topics, languages)
    _check_district(municipality, fields.get("district"))
    forbidden = set(fields) - (set(EDITABLE_FIELDS) - {"topics", "languages"})
    if forbidden:
        raise ValueError(f"Not fields of a request: {sorted(forbidden)}")
    organisation = organisation_create(
        municipality=municipality,
        by=None,
        topics=topics,
        languages=languages,
        status=Organisation.Status.REQUESTED,
        requested_by_name=requester_name.strip(),
        requested_by_email=User.objects.normalize_email(requester_email.strip()).lower(),
        requested_language=interface_language(language),
        email_confirmed_at=None,
        **fields,
    )
    settings = network_settings_of(municipality=municipality)
    link = _absolute(
        base_url,
        municipality,
        "network:entry_confirm",
        token=entry_request_token(organisation=organisation),
    )
    _mail(
        "network/email/entry_confirm.txt",
        {
            "organisation": organisation,
            "municipality": municipality,
            "link": link,
            "days": settings.request_expiry_days,
        },
        gettext_lazy("Please confirm your request – %(name)s"),
        organisation.requested_by_email,
        language=organisation.requested_language,
        subject_args={"name": municipality.name},
    )
    return organisation


def entry_request_from_token(*, municipality: Municipality, token: str) -> Organisation:
    """The request a confirmation link stands for; EntryLinkError says why it cannot be used."""
    settings = network_settings_of(municipality=municipality)
    try:
        data = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.request_expiry_days)
        )
    except signing.SignatureExpired as error:
        raise EntryLinkError(_("This link has expired. Please request the entry again.")) from error
    except signing.BadSignature as error:
        raise EntryLinkError(
            _("This link is not valid. Please copy the whole address from the e-mail.")
        ) from error
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise EntryLinkError(
            _("This link is not valid for %(name)s.") % {"name": municipality.name}
        )
    organisation = Organisation.objects.filter(municipality=municipality, pk=data.get("o")).first()
    if organisation is None:
        raise EntryLinkError(_("This request no longer exists. Please request the entry again."))
    return organisation


@transaction.atomic
def entry_request_confirm(*, organisation: Organisation, base_url: str = "") -> bool:
    """Confirm the requester's e-mail address: the request goes to the office's queue.

    Returns False if it was confirmed before (a second click changes nothing).
    """
    locked = Organisation.objects.select_for_update().get(
        municipality=organisation.municipality_id, pk=organisation.pk
    )
    if locked.email_confirmed_at is not None or locked.status != Organisation.Status.REQUESTED:
        return False
    organisation_update(
        organisation=locked,
        by=None,
        email_confirmed_at=timezone.now(),
        status=Organisation.Status.IN_REVIEW,
    )
    organisation.refresh_from_db()
    municipality = locked.municipality
    if municipality.contact_email and base_url:
        _mail(
            "network/email/entry_office_notice.txt",
            {
                "organisation": locked,
                "municipality": municipality,
                "link": _absolute(base_url, municipality, "staff:entry_decide", pk=locked.pk),
            },
            gettext_lazy("New request for an entry: %(name)s"),
            municipality.contact_email,
            language=municipality.default_language,
            subject_args={"name": locked.name},
        )
    return True


@transaction.atomic
def entry_requests_expire(
    *, municipality: Municipality, now: datetime | None = None, before: datetime | None = None
) -> int:
    """Delete requests whose e-mail address was never confirmed in time (and nothing refers to),
    or that were made `before` the given time.

    Returns how many were deleted.
    """
    settings = network_settings_of(municipality=municipality)
    cutoff = before or (now or timezone.now()) - timedelta(days=settings.request_expiry_days)
    attached = [
        Signature.objects.filter(municipality=municipality, organisation=OuterRef("pk")),
        Contact.objects.filter(municipality=municipality, organisation=OuterRef("pk")),
        Representative.objects.filter(municipality=municipality, organisation=OuterRef("pk")),
        ChangeRequest.objects.filter(municipality=municipality, organisation=OuterRef("pk")),
    ]
    expired = Organisation.objects.filter(
        municipality=municipality,
        status=Organisation.Status.REQUESTED,
        email_confirmed_at__isnull=True,
        created_at__lt=cutoff,
    )
    for query in attached:
        expired = expired.exclude(Exists(query))
    organisations = list(expired.order_by("id"))
    for organisation in organisations:
        audit_record(
            municipality=municipality,
            actor=None,
            action="organisation.request_expired",
            target=organisation,
        )
    Organisation.objects.filter(
        municipality=municipality, pk__in=[o.pk for o in organisations]
    ).delete()
    return len(organisations)


# Decisions of the office ---------------------------------------------------------------


def _check_in_review(organisation: Organisation) -> None:
    if organisation.status != Organisation.Status.IN_REVIEW:
        raise ValidationError(_("Only a confirmed request that waits for review can be decided."))


@transaction.atomic
def entry_request_approve(*, organisation: Organisation, by: Any, base_url: str) -> Organisation:
    """Publish a requested entry and make the requester its representative.

    A new account gets an invitation to set a password; an existing one is told by e-mail that
    it now represents the organisation.
    """
    organisation = Organisation.objects.select_for_update().get(
        municipality=organisation.municipality_id, pk=organisation.pk
    )
    _check_in_review(organisation)
    email = organisation.requested_by_email
    if not email:
        raise ValidationError(_("The request has no e-mail address to invite."))
    municipality = organisation.municipality
    organisation = organisation_update(
        organisation=organisation, by=by, status=Organisation.Status.PUBLISHED
    )
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=organisation.requested_by_name
        )
        audit_record(municipality=municipality, actor=by, action="user.invited", target=user)
    role_assign(municipality=municipality, user=user, role=Role.ORGANISATION_REPRESENTATIVE, by=by)
    representative, created = Representative.objects.get_or_create(
        municipality=municipality, organisation=organisation, user=user
    )
    if created:
        audit_record(
            municipality=municipality,
            actor=by,
            action="representative.added",
            target=representative,
        )
    audit_record(
        municipality=municipality,
        actor=by,
        action="organisation.request_approved",
        target=organisation,
    )
    needs_password = new_account or not user.has_usable_password()
    _mail(
        "network/email/entry_approved.txt",
        {
            "organisation": organisation,
            "municipality": municipality,
            "user": user,
            "needs_password": needs_password,
            "signin_link": _absolute(base_url, municipality, "accounts:signin"),
            "edit_link": _absolute(
                base_url, municipality, "staff:my_organisation_edit", pk=organisation.pk
            ),
        },
        gettext_lazy("Your entry is published – %(name)s"),
        user.email,
        language=organisation.requested_language,
        subject_args={"name": municipality.name},
    )
    if needs_password:
        with translation.override(organisation.requested_language or FALLBACK_LANGUAGE):
            send_invitation(municipality=municipality, user=user, base_url=base_url.rstrip("/"))
    return organisation


@transaction.atomic
def entry_request_reject(*, organisation: Organisation, by: Any, reason: str) -> Organisation:
    """Decline a requested entry with a reason, which the requester receives by e-mail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the requester.")})
    organisation = Organisation.objects.select_for_update().get(
        municipality=organisation.municipality_id, pk=organisation.pk
    )
    _check_in_review(organisation)
    organisation = organisation_update(
        organisation=organisation, by=by, status=Organisation.Status.ARCHIVED
    )
    municipality = organisation.municipality
    audit_record(
        municipality=municipality,
        actor=by,
        action="organisation.request_rejected",
        target=organisation,
        changes={"reason": reason},
    )
    if organisation.requested_by_email:
        _mail(
            "network/email/entry_rejected.txt",
            {"organisation": organisation, "municipality": municipality, "reason": reason},
            gettext_lazy("Your request for an entry – %(name)s"),
            organisation.requested_by_email,
            language=organisation.requested_language,
            subject_args={"name": municipality.name},
        )
    return organisation


# Changes by representatives ------------------------------------------------------------


def proposed_logo_discard(*, change_request: ChangeRequest, keep: str | None = None) -> None:
    """Remove the file of a logo that was proposed but will not become the entry's (after
    the change commits)."""
    name = change_request.proposed.get("logo")
    if name and name != keep and name != change_request.organisation.logo.name:
        file_delete_on_commit(name)


def _proposal(organisation: Organisation, values: dict[str, Any]) -> dict[str, Any]:
    """The given values that differ from the entry now, as JSON (district as its id)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable by representatives: {sorted(unknown)}")
    current = organisation_values(organisation)
    proposed = {}
    for field, value in values.items():
        if field == "logo" and isinstance(value, UploadedFile):
            proposed[field] = value  # a new file is always a change; stored when proposed
            continue
        if field == "district":
            value = value.pk if isinstance(value, District) else value
        elif field in {"topics", "languages"}:
            value = sorted(set(value))
        elif field == "description":
            value = {code: text for code, text in (value or {}).items() if text and text.strip()}
        if value != current[field]:
            proposed[field] = value
    return proposed


def _model_values(municipality: Municipality, proposed: dict[str, Any]) -> dict[str, Any]:
    """A proposal as keyword arguments of organisation_update."""
    values = dict(proposed)
    if "district" in values and values["district"] is not None:
        # A district removed since the proposal leaves the entry without a district.
        values["district"] = District.objects.filter(
            municipality=municipality, pk=values["district"]
        ).first()
    return values


def _validate_proposal(organisation: Organisation, proposed: dict[str, Any]) -> None:
    organisation_check_logo(proposed.get("logo"))
    values = _model_values(organisation.municipality, proposed)
    _check_topics_and_languages(
        values.get("topics", ()),
        values.get("languages", ()),
        already=organisation_values(organisation)["languages"],
    )
    _check_district(organisation.municipality, values.get("district"))
    candidate = copy(organisation)
    for field, value in values.items():
        if field not in {"topics", "languages"}:
            setattr(candidate, field, value)
    candidate.full_clean()


@transaction.atomic
def organisation_change_submit(
    *, organisation: Organisation, by: Any, values: dict[str, Any]
) -> tuple[ChangeOutcome, ChangeRequest | None]:
    """A representative's edit of an entry: applied at once, or kept for the office's review
    when the municipality wants that. One proposal per entry waits at a time; a new edit
    replaces it, and an edit back to the published values withdraws it."""
    municipality = organisation.municipality
    pending = pending_change_request_of(organisation=organisation)
    if pending is not None and "logo" in pending.proposed and "logo" not in values:
        # A file cannot travel through the form again: a proposed logo stays proposed.
        values = values | {"logo": pending.proposed["logo"]}
    proposed = _proposal(organisation, values)
    if proposed:
        _validate_proposal(organisation, proposed)
    if not network_settings_of(municipality=municipality).review_changes:
        if not proposed:
            return ChangeOutcome.UNCHANGED, None
        organisation_update(
            organisation=organisation, by=by, **_model_values(municipality, proposed)
        )
        return ChangeOutcome.APPLIED, None
    if pending is not None:
        pending = ChangeRequest.objects.select_for_update().get(
            municipality=municipality, pk=pending.pk
        )
    if not proposed:
        if pending is None:
            return ChangeOutcome.UNCHANGED, None
        audit_record(
            municipality=municipality,
            actor=by,
            action="change_request.withdrawn",
            target=pending,
        )
        proposed_logo_discard(change_request=pending)
        pending.delete()
        return ChangeOutcome.WITHDRAWN, None
    if isinstance(proposed.get("logo"), UploadedFile):
        upload = proposed["logo"]
        proposed["logo"] = default_storage.save(
            upload_path(municipality_slug=municipality.slug, area=LOGO_AREA, name=upload.name),
            upload,
        )
    if pending is not None:
        proposed_logo_discard(change_request=pending, keep=proposed.get("logo"))
    change_request = pending or ChangeRequest(municipality=municipality, organisation=organisation)
    change_request.proposed = proposed
    change_request.submitted_by = by
    if pending is not None:
        change_request.submitted_at = timezone.now()
    # The submitter's account may have been deleted since (the field is then empty).
    change_request.full_clean(exclude=["submitted_by"])
    change_request.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="change_request.submitted",
        target=change_request,
        changes={"fields": sorted(proposed)},
    )
    return ChangeOutcome.QUEUED, change_request


def _check_pending(change_request: ChangeRequest) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().get(
        municipality=change_request.municipality_id, pk=change_request.pk
    )
    if locked.state != ChangeRequest.State.PENDING:
        raise ValidationError(_("This change has already been decided."))
    return locked


def _mail_submitter(change_request: ChangeRequest, template: str, subject: Any) -> None:
    # Representatives mostly are the requesters; the language of the request is the best guess.
    submitter = change_request.submitted_by
    if submitter is not None and submitter.email:
        _mail(
            template,
            {
                "change_request": change_request,
                "organisation": change_request.organisation,
                "municipality": change_request.municipality,
                "user": submitter,
            },
            subject,
            submitter.email,
            language=change_request.organisation.requested_language,
            subject_args={"name": change_request.organisation.name},
        )


@transaction.atomic
def change_request_accept(*, change_request: ChangeRequest, by: Any) -> ChangeRequest:
    """Apply a representative's proposed changes to the public entry."""
    change_request = _check_pending(change_request)
    organisation = change_request.organisation
    municipality = change_request.municipality
    organisation_update(
        organisation=organisation,
        by=by,
        **_model_values(municipality, change_request.proposed),
    )
    change_request.state = ChangeRequest.State.ACCEPTED
    change_request.decided_by = by
    change_request.decided_at = timezone.now()
    # The submitter's account may have been deleted since (the field is then empty).
    change_request.full_clean(exclude=["submitted_by"])
    change_request.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="change_request.accepted",
        target=change_request,
        changes={"fields": sorted(change_request.proposed)},
    )
    _mail_submitter(
        change_request,
        "network/email/entry_change_accepted.txt",
        gettext_lazy("Your changes are published – %(name)s"),
    )
    return change_request


@transaction.atomic
def change_request_reject(*, change_request: ChangeRequest, by: Any, reason: str) -> ChangeRequest:
    """Decline a representative's proposed changes with a reason they receive by e-mail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the representative.")})
    change_request = _check_pending(change_request)
    proposed_logo_discard(change_request=change_request)
    change_request.state = ChangeRequest.State.REJECTED
    change_request.decided_by = by
    change_request.decided_at = timezone.now()
    change_request.reason = reason
    # The submitter's account may have been deleted since (the field is then empty).
    change_request.full_clean(exclude=["submitted_by"])
    change_request.save()
    audit_record(
        municipality=change_request.municipality,
        actor=by,
        action="change_request.rejected",
        target=change_request,
        changes={"reason": reason},
    )
    _mail_submitter(
        change_request,
        "network/email/entry_change_rejected.txt",
        gettext_lazy("Your changes were not accepted – %(name)s"),
    )
    return change_request
