"""Reads of declarations, alliances and signatures."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import all_rows, first_row
from querschnitt.core.worklist import past_target_cutoff
from querschnitt.network.models import (
    Alliance,
    Declaration,
    DeclarationVersion,
    NetworkSettings,
    Organisation,
    Signature,
)
from querschnitt.network.selectors.listing import listed_condition

State = Signature.State


def network_settings_of(*, municipality: Municipality) -> NetworkSettings:
    """The municipality's network settings, or the defaults (unsaved) if it has none yet.

    Plain SQL (`core/sql_rows.py`; the WHERE names the municipality): the signature queue
    asks on every request, and the ORM took longer to build the query than to read the row."""
    found = first_row(NetworkSettings, "municipality_id = %s", [municipality.pk], "id")
    return found if found is not None else NetworkSettings(municipality=municipality)


def name_key(name: str) -> str:
    """A name as it is compared for duplicates: case and spacing ignored."""
    return "".join(name.casefold().split())


def published_organisation_named(*, municipality: Municipality, name: str) -> Organisation | None:
    """The published organisation of this name (case and spacing ignored), if there is one."""
    words = name.split()
    if not words:
        return None
    # A case-insensitive regular expression folds every letter on both databases (SQLite's
    # REGEXP is Python's `re`; LOWER there folds only ASCII). Signing is rare, so the scan of
    # the municipality's published names is affordable; Python makes the final comparison.
    pattern = r"^\s*" + r"\s+".join(re.escape(word) for word in words) + r"\s*$"
    candidates = Organisation.objects.filter(
        municipality=municipality, status=Organisation.Status.PUBLISHED, name__iregex=pattern
    ).order_by("id")
    key = name_key(name)
    return next((o for o in candidates if name_key(o.name) == key), None)


def declaration_of(*, municipality: Municipality, slug: str) -> Declaration:
    """A declaration with its versions, newest first, and its alliance (404 if not found).

    Read on every view of the declaration's pages, so as plain SQL (`core.sql_rows`): three
    reads by key, each naming the municipality in its WHERE."""
    declaration = first_row(
        Declaration, "municipality_id = %s AND slug = %s", [municipality.pk, slug]
    )
    if declaration is None:
        raise Http404
    alliance = first_row(
        Alliance, "municipality_id = %s AND declaration_id = %s", [municipality.pk, declaration.pk]
    )
    if alliance is not None:
        alliance.declaration = declaration
    Declaration.alliance.related.set_cached_value(declaration, alliance)
    declaration.versions_newest_first = all_rows(  # type: ignore[attr-defined]
        DeclarationVersion,
        "municipality_id = %s AND declaration_id = %s",
        [municipality.pk, declaration.pk],
        order_by="adopted_on DESC, id DESC",
    )
    return declaration


def current_version(*, declaration: Declaration) -> DeclarationVersion | None:
    """The version that is signed now: the most recently adopted one."""
    prefetched = getattr(declaration, "versions_newest_first", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return (
        DeclarationVersion.objects.filter(
            municipality=declaration.municipality_id, declaration=declaration
        )
        .order_by("-adopted_on", "-id")
        .first()
    )


def alliance_of(*, municipality: Municipality, slug: str) -> Alliance:
    """An alliance with its declaration (404 if not found); read on every view of the
    alliance's page, so as plain SQL (`core.sql_rows`), naming the municipality each time."""
    alliance = first_row(Alliance, "municipality_id = %s AND slug = %s", [municipality.pk, slug])
    if alliance is None:
        raise Http404
    declaration = first_row(
        Declaration, "municipality_id = %s AND id = %s", [municipality.pk, alliance.declaration_id]
    )
    if declaration is None:  # the declaration belongs to the same municipality; never happens
        raise Http404
    alliance.declaration = declaration
    return alliance


def current_members(*, declaration: Declaration) -> QuerySet[Signature]:
    """The accepted, not withdrawn signatures of a declaration: the alliance's members."""
    return Signature.objects.filter(
        municipality=declaration.municipality_id,
        declaration=declaration,
        state=State.ACCEPTED,
        withdrawn_at__isnull=True,
    )


def alliance_members_listed(
    *,
    declaration: Declaration,
    kind: str = "",
    district_id: int | None = None,
    query: str = "",
) -> QuerySet[Signature]:
    """Members whose entry is published and public (only these are named), by name."""
    members = (
        current_members(declaration=declaration)
        .filter(listed_condition(prefix="organisation__"))
        .select_related("organisation", "organisation__district")
        .only(
            "id",
            "decided_at",
            "organisation__id",
            "organisation__name",
            "organisation__kind",
            "organisation__district__id",
            "organisation__district__name",
        )
        .order_by("organisation__name", "id")
    )
    if kind:
        members = members.filter(organisation__kind=kind)
    if district_id is not None:
        members = members.filter(organisation__district_id=district_id)
    for word in query.split():
        # iregex rather than icontains: SQLite's LIKE ignores the case of ASCII letters only.
        members = members.filter(organisation__name__iregex=re.escape(word))
    return members


def signatures_represented_by(*, declaration: Declaration, user: Any) -> QuerySet[Signature]:
    """Accepted signatures of organisations that the signed-in person represents."""
    if not getattr(user, "is_authenticated", False):
        return Signature.objects.none()
    return (
        current_members(declaration=declaration)
        .filter(
            organisation__representatives__user=user,
            organisation__representatives__municipality=declaration.municipality_id,
        )
        .select_related("organisation")
        .order_by("organisation__name", "id")
        .distinct()
    )


QUEUE_FIELDS = (
    "id",
    "state",
    "submitted_at",
    "confirmed_at",
    "decided_at",
    "organisation__id",
    "organisation__name",
    "declaration__id",
    "declaration__title",
    "version__id",
    "version__label",
)


def signature_queue(
    *, municipality: Municipality, state: str | None, past_target_only: bool = False
) -> QuerySet[Signature]:
    """Signatures for the office in one state (None: all); those waiting the longest first.
    Only what the queue shows is read.

    `past_target_only`: only those waiting for review for longer than the target time."""
    signatures = (
        Signature.objects.filter(municipality=municipality)
        .select_related("organisation", "declaration", "version")
        .only(*QUEUE_FIELDS)
    )
    if past_target_only:
        state = State.PENDING_REVIEW
        target = network_settings_of(municipality=municipality).signature_review_days
        signatures = signatures.filter(confirmed_at__lte=past_target_cutoff(target))
    if state is None:
        return signatures.order_by("-submitted_at", "-id")
    signatures = signatures.filter(state=state)
    if state == State.PENDING_REVIEW:
        return signatures.order_by("confirmed_at", "submitted_at", "id")
    if state == State.UNCONFIRMED:
        return signatures.order_by("submitted_at", "id")
    return signatures.order_by("-decided_at", "-submitted_at", "-id")


def signature_for_office(*, municipality: Municipality, pk: int) -> Signature:
    """One signature with everything the office needs to decide it (404 if not found)."""
    return get_object_or_404(
        Signature.objects.filter(municipality=municipality).select_related(
            "organisation", "organisation__district", "declaration", "version", "decided_by"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class Waiting:
    """How long a signature has waited for the office, against the municipality's target."""

    days: int
    target_days: int

    @property
    def past_target(self) -> bool:
        return self.days > self.target_days


def waiting_times(
    signatures: Iterable[Signature], *, target_days: int, now: datetime | None = None
) -> None:
    """Attach `waiting` to each signature that waits for review (None to the others)."""
    now = now or timezone.now()
    for signature in signatures:
        signature.waiting = waiting_of(  # type: ignore[attr-defined]
            state=signature.state,
            confirmed_at=signature.confirmed_at,
            submitted_at=signature.submitted_at,
            target_days=target_days,
            now=now,
        )


def waiting_of(
    *,
    state: str,
    confirmed_at: datetime | None,
    submitted_at: datetime | None,
    target_days: int,
    now: datetime,
) -> Waiting | None:
    """How long a signature in this state has waited for review (None if it does not wait)."""
    since = confirmed_at or submitted_at
    if state == State.PENDING_REVIEW and since:
        return Waiting(days=(now - since).days, target_days=target_days)
    return None
