"""Writes about bodies: the body itself, its composition rules, terms, places, persons and
memberships, and a member's sign-in access."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from querschnitt.accounts.models import Role, RoleAssignment, RoleInvitation, User
from querschnitt.accounts.services import (
    role_invitation_create,
    role_invitation_withdraw,
    role_revoke,
)
from querschnitt.bodies.models import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    Person,
    SeatGroup,
)
from querschnitt.bodies.services.changes import (
    affected_by_body,
    merge,
    touch,
    touch_users_of,
    tracking_public,
)
from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality

BODY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "kind",
    "is_public",
    "purpose",
    "legal_basis",
    "composition_rule",
    "planned_size",
    "term_years",
    "gender_balanced",
    "records_individual_votes",
    "parent",
    "office_department",
    "location",
    "website",
    "email",
    "start_date",
    "end_date",
    "goal",
    "mandate",
    "planned_end_date",
)


def check_same_municipality(municipality: Municipality, **related: Model | None) -> None:
    """Related objects must belong to the municipality (a 404 elsewhere, an error here)."""
    for field, obj in related.items():
        if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
            raise ValidationError({field: _("Choose one of this municipality.")})


def unique_slug(municipality: Municipality, name: str, exclude: int | None = None) -> str:
    base = slugify(name)[:70] or "gremium"
    slug, counter = base, 2
    taken = Body.objects.filter(municipality=municipality).exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def body_create(*, municipality: Municipality, by: Any, **fields: Any) -> Body:
    """Set up a body (council, committee, advisory council, working group …)."""
    fields = {name: value for name, value in fields.items() if name in BODY_FIELDS}
    check_same_municipality(
        municipality,
        parent=fields.get("parent"),
        office_department=fields.get("office_department"),
        location=fields.get("location"),
    )
    if not fields.get("slug"):
        fields["slug"] = unique_slug(municipality, fields.get("name", ""))
    body = Body(municipality=municipality, **fields)
    body.full_clean()
    body.save()
    audit_record(municipality=municipality, actor=by, action="body.created", target=body)
    return body


@transaction.atomic
def body_update(*, body: Body, by: Any, **fields: Any) -> Body:
    """Change a body; making it public or not public shows or hides all it holds."""
    municipality = body.municipality
    check_same_municipality(
        municipality,
        parent=fields.get("parent"),
        office_department=fields.get("office_department"),
        location=fields.get("location"),
    )
    if fields.get("parent") is not None and fields["parent"].pk == body.pk:
        raise ValidationError({"parent": _("A body cannot be part of itself.")})
    before = snapshot(body)
    old_location = body.location_id
    with tracking_public(municipality=municipality, affected=affected_by_body(body)) as affected:
        for name, value in fields.items():
            if name in BODY_FIELDS:
                setattr(body, name, value)
        body.full_clean()
        body.save()
        affected["Location"].update(pk for pk in (old_location, body.location_id) if pk)
    audit_record(
        municipality=municipality,
        actor=by,
        action="body.updated",
        target=body,
        changes=field_changes(before, body),
    )
    return body


@transaction.atomic
def body_delete(*, body: Body, by: Any) -> None:
    """Remove a body that never met; a body with meetings or papers stays (dissolve it)."""
    if body.meetings.exists() or body.consultations.exists():
        raise ValidationError(
            _(
                "This body has meetings or papers on its path and cannot be deleted. "
                "Enter the date it was dissolved instead."
            )
        )
    municipality = body.municipality
    with tracking_public(municipality=municipality, affected=affected_by_body(body)):
        audit_record(municipality=municipality, actor=by, action="body.deleted", target=body)
        body.delete()


@transaction.atomic
def seat_group_save(
    *,
    body: Body,
    by: Any,
    name: str,
    seats: int,
    voting_right: bool = True,
    selection: str = "",
    order: int = 0,
    seat_group: SeatGroup | None = None,
) -> SeatGroup:
    """Add or change a share of the seats in a body's composition rules."""
    group = seat_group or SeatGroup(municipality=body.municipality, body=body)
    if group.body_id != body.pk:
        raise ValidationError(_("This seat group belongs to another body."))
    group.name, group.seats, group.voting_right = name.strip(), seats, voting_right
    group.selection, group.order = selection.strip(), order
    group.full_clean()
    group.save()
    touch(Body, [body.pk])
    audit_record(
        municipality=body.municipality,
        actor=by,
        action="seat_group.saved",
        target=body,
        changes={"seat_group": group.name, "seats": seats},
    )
    return group


@transaction.atomic
def seat_group_delete(*, seat_group: SeatGroup, by: Any) -> None:
    body = seat_group.body
    audit_record(
        municipality=body.municipality,
        actor=by,
        action="seat_group.deleted",
        target=body,
        changes={"seat_group": seat_group.name},
    )
    seat_group.delete()
    touch(Body, [body.pk])


def term_check_overlap(term: LegislativeTerm) -> None:
    overlapping = LegislativeTerm.objects.filter(
        municipality=term.municipality_id,
        body=term.body_id,
        start_date__lte=term.end_date,
        end_date__gte=term.start_date,
    ).exclude(pk=term.pk)
    if term.start_date and term.end_date and (other := overlapping.first()):
        raise ValidationError(
            {"start_date": _("This term overlaps the term %(name)s.") % {"name": other.name}}
        )


@transaction.atomic
def term_save(
    *,
    municipality: Municipality,
    by: Any,
    body: Body | None,
    name: str,
    start_date: date,
    end_date: date,
    term: LegislativeTerm | None = None,
) -> LegislativeTerm:
    """Record a term of office (Wahlperiode) of a body or of the whole council."""
    check_same_municipality(municipality, body=body)
    term = term or LegislativeTerm(municipality=municipality)
    if term.pk and term.meetings.exclude(start__date__range=(start_date, end_date)).exists():
        raise ValidationError(
            {"start_date": _("Meetings of this term would fall outside it. Move them first.")}
        )
    term.body, term.name, term.start_date, term.end_date = body, name.strip(), start_date, end_date
    term.full_clean()
    term_check_overlap(term)
    created = term.pk is None
    affected = {"LegislativeTerm": {term.pk} if term.pk else set()}
    with tracking_public(municipality=municipality, affected=affected) as affected:
        term.save()
        affected["LegislativeTerm"].add(term.pk)
    audit_record(
        municipality=municipality,
        actor=by,
        action="term.created" if created else "term.updated",
        target=term,
    )
    return term


@transaction.atomic
def term_delete(*, term: LegislativeTerm, by: Any) -> None:
    if term.meetings.exists():
        raise ValidationError(_("This term has meetings and cannot be deleted."))
    municipality = term.municipality
    with tracking_public(municipality=municipality, affected={"LegislativeTerm": {term.pk}}):
        audit_record(municipality=municipality, actor=by, action="term.deleted", target=term)
        term.delete()


LOCATION_FIELDS = (
    "description",
    "street_address",
    "room",
    "postal_code",
    "sub_locality",
    "locality",
    "latitude",
    "longitude",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "accessibility_note",
)


@transaction.atomic
def location_save(
    *, municipality: Municipality, by: Any, location: Location | None = None, **fields: Any
) -> Location:
    """Record a place, or change it (the meetings held there show the change)."""
    location = location or Location(municipality=municipality)
    if (fields.get("latitude") is None) != (fields.get("longitude") is None):
        raise ValidationError(_("Enter both latitude and longitude, or neither."))
    created = location.pk is None
    for name, value in fields.items():
        if name in LOCATION_FIELDS:
            setattr(location, name, value)
    location.full_clean()
    location.save()
    if not created:
        touch_users_of(location)
    audit_record(
        municipality=municipality,
        actor=by,
        action="location.created" if created else "location.updated",
        target=location,
    )
    return location


@transaction.atomic
def location_delete(*, location: Location, by: Any) -> None:
    if location.meetings.exists():
        raise ValidationError(_("Meetings take place here; this place cannot be deleted."))
    municipality = location.municipality
    with tracking_public(municipality=municipality, affected={"Location": {location.pk}}):
        touch_users_of(location)
        audit_record(
            municipality=municipality, actor=by, action="location.deleted", target=location
        )
        location.delete()


PERSON_FIELDS = (
    "form_of_address",
    "title",
    "given_name",
    "family_name",
    "affix",
    "gender",
    "status",
    "email",
    "phone",
    "organisation",
)


@transaction.atomic
def person_save(
    *, municipality: Municipality, by: Any, person: Person | None = None, **fields: Any
) -> Person:
    """Record a person who sits on a body, or change their details."""
    check_same_municipality(municipality, organisation=fields.get("organisation"))
    person = person or Person(municipality=municipality)
    created = person.pk is None
    before = snapshot(person) if not created else {}
    for name, value in fields.items():
        if name in PERSON_FIELDS:
            setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.full_clean()
    person.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="person.created" if created else "person.updated",
        target=person,
        # personal data: which fields changed, never their values
        changes={"fields": sorted(field_changes(before, person))} if not created else None,
    )
    return person


@transaction.atomic
def person_delete(*, person: Person, by: Any) -> None:
    if person.memberships.exists() or person.papers_originated.exists():
        raise ValidationError(
            _("This person has memberships or papers. End the memberships instead.")
        )
    municipality = person.municipality
    with tracking_public(municipality=municipality, affected={"Person": {person.pk}}):
        audit_record(municipality=municipality, actor=by, action="person.deleted", target=person)
        person.delete()


@transaction.atomic
def person_grant_access(*, person: Person, by: Any, email: str, base_url: str) -> RoleInvitation:
    """Invite the person to sign in as a body member: the owner of the address accepts by the
    mailed link, and only then is the account linked to the person (`person_link_on_accept`).
    The office learns nothing about other accounts: the same invitation goes out whether the
    address has an account or not."""
    municipality = person.municipality
    email = User.objects.normalize_email(email).strip().lower()
    if person.email.lower() != email:
        person.email = email
        person.full_clean()
        person.save(update_fields=["email", "modified_at"])
    invitation = role_invitation_create(
        municipality=municipality,
        email=email,
        full_name=f"{person.given_name} {person.family_name}".strip(),
        role=Role.BODY_MEMBER,
        by=by,
        base_url=base_url,
    )
    audit_record(municipality=municipality, actor=by, action="person.access_offered", target=person)
    return invitation


def person_link_on_accept(*, invitation: RoleInvitation, user: User, **kwargs: Any) -> None:
    """Receiver of `role_invitation_accepted`: link the account to the person it was offered
    for, as long as the account sits for no other person here."""
    if invitation.role != Role.BODY_MEMBER:
        return
    municipality = invitation.municipality
    persons = Person.objects.with_scopes_disabled().filter(municipality=municipality)
    if persons.filter(user=user).exists():
        return
    person = (
        persons.filter(user__isnull=True, email__iexact=invitation.email).order_by("pk").first()
    )
    if person is None:
        return
    person.user = user
    person.save(update_fields=["user", "modified_at"])
    user.__dict__.pop("_qs_member_bodies", None)
    audit_record(
        municipality=municipality, actor=user, action="person.access_granted", target=person
    )


def pending_access_invitation(*, person: Person) -> RoleInvitation | None:
    """The body-member invitation that waits for the person's address, if any."""
    if not person.email:
        return None
    return (
        RoleInvitation.objects.filter(
            municipality=person.municipality,
            email__iexact=person.email,
            role=Role.BODY_MEMBER,
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def person_revoke_access(*, person: Person, by: Any) -> None:
    """Unlink the account; it loses the role "body member" here unless it sits for another
    person."""
    municipality = person.municipality
    if (pending := pending_access_invitation(person=person)) is not None:
        role_invitation_withdraw(invitation=pending, by=by)
    user = person.user
    if user is None:
        return
    person.user = None
    person.save(update_fields=["user", "modified_at"])
    if not Person.objects.filter(municipality=municipality, user=user).exists():
        for assignment in RoleAssignment.objects.filter(
            municipality=municipality, user=user, role=Role.BODY_MEMBER
        ):
            role_revoke(assignment=assignment, by=by)
    user.__dict__.pop("_qs_member_bodies", None)
    audit_record(municipality=municipality, actor=by, action="person.access_revoked", target=person)


MEMBERSHIP_FIELDS = (
    "role",
    "voting_right",
    "seat_group",
    "group",
    "on_behalf_of",
    "start_date",
    "end_date",
)


@transaction.atomic
def membership_save(
    *,
    body: Body,
    person: Person,
    by: Any,
    membership: Membership | None = None,
    **fields: Any,
) -> Membership:
    """Seat a person on a body, or change the seat (role, vote, group, dates)."""
    municipality = body.municipality
    check_same_municipality(municipality, person=person, on_behalf_of=fields.get("on_behalf_of"))
    seat_group = fields.get("seat_group")
    if seat_group is not None and seat_group.body_id != body.pk:
        raise ValidationError({"seat_group": _("Choose a seat group of this body.")})
    membership = membership or Membership(municipality=municipality, body=body)
    if membership.body_id != body.pk:
        raise ValidationError(_("This membership belongs to another body."))
    created = membership.pk is None
    old_person = membership.person_id
    membership.person = person
    for name, value in fields.items():
        if name in MEMBERSHIP_FIELDS:
            setattr(membership, name, value)
    membership.full_clean()
    overlapping = Membership.objects.filter(
        municipality=municipality, body=body, person=person
    ).exclude(pk=membership.pk)
    for other in overlapping:
        if _overlaps(other, membership):
            raise ValidationError(
                _("%(person)s already sits on this body in that time.") % {"person": person}
            )
    persons = {person.pk, old_person} - {None}
    affected = {"Membership": {membership.pk} if membership.pk else set(), "Person": persons}
    with tracking_public(municipality=municipality, affected=affected) as affected:
        membership.save()
        affected["Membership"].add(membership.pk)
    touch(Person, persons)
    touch(Body, [body.pk])
    if person.user_id:
        person.user.__dict__.pop("_qs_member_bodies", None)
    audit_record(
        municipality=municipality,
        actor=by,
        action="membership.created" if created else "membership.updated",
        target=membership,
    )
    return membership


def _overlaps(a: Membership, b: Membership) -> bool:
    a_start, a_end = a.start_date or date.min, a.end_date or date.max
    b_start, b_end = b.start_date or date.min, b.end_date or date.max
    return a_start <= b_end and b_start <= a_end


@transaction.atomic
def membership_delete(*, membership: Membership, by: Any) -> None:
    """Remove a membership recorded by mistake (a seat that ended is ended, not deleted)."""
    municipality = membership.municipality
    affected = merge({"Membership": {membership.pk}, "Person": {membership.person_id}})
    with tracking_public(municipality=municipality, affected=affected):
        audit_record(
            municipality=municipality, actor=by, action="membership.deleted", target=membership
        )
        membership.delete()
    touch(Person, [membership.person_id])
    touch(Body, [membership.body_id])
