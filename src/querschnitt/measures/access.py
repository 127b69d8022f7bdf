"""Which measures a signed-in person may see in the staff area, decided in one place.

The office (and the platform's operators) see every measure. Everyone else sees the measures
they proposed themselves, and: a department liaison those their department leads or shares;
a body member those proposed by a body they sit on; an organisation's representative those
its organisation proposed. Anything else is a 404, as if it did not exist.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from querschnitt.accounts.models import OFFICE_ROLES, Role, RoleAssignment
from querschnitt.accounts.permissions import roles_of
from querschnitt.bodies.visibility import member_body_ids
from querschnitt.core.models import Department, Municipality
from querschnitt.measures.models import Measure
from querschnitt.network.models import Representative


@dataclass(frozen=True)
class Reader:
    """What one person may see of the measures of one municipality."""

    user_id: int | None
    sees_all: bool = False
    department_ids: frozenset[int] = frozenset()
    body_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()

    def measure_q(self, prefix: str = "") -> Q:
        # The staff list spells this rule in SQL (`staff_list_sql._visible`): change both;
        # `tests/test_staff_list_sql.py` compares them for every kind of reader.
        if self.sees_all:
            return Q()
        found = Q(**{f"{prefix}proposed_by_id": self.user_id}) if self.user_id else Q(pk__in=[])
        if self.department_ids:
            found |= Q(**{f"{prefix}lead_department_id__in": self.department_ids})
            found |= Q(**{f"{prefix}departments__in": self.department_ids})
        if self.body_ids:
            found |= Q(**{f"{prefix}proposer_body_id__in": self.body_ids})
        if self.organisation_ids:
            found |= Q(**{f"{prefix}proposer_organisation_id__in": self.organisation_ids})
        return found

    def reports_for(self, measure: Measure) -> bool:
        """Whether the person may write the measure's progress reports."""
        if self.sees_all:
            return True
        return measure.lead_department_id in self.department_ids


def liaison_department_ids(user: object, municipality: Municipality) -> frozenset[int]:
    """The departments the user is a liaison for here."""
    if Role.DEPARTMENT_LIAISON not in roles_of(user, municipality):
        return frozenset()
    cache = user.__dict__.setdefault("_qs_liaison_departments", {})
    if municipality.pk not in cache:
        cache[municipality.pk] = frozenset(
            RoleAssignment.objects.with_scopes_disabled()
            .filter(municipality=municipality, user=user, role=Role.DEPARTMENT_LIAISON)
            .values_list("department_id", flat=True)
        )
    return cache[municipality.pk]


def reader_for(user: object, municipality: Municipality) -> Reader:
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    if (getattr(user, "is_superuser", False) and getattr(user, "is_active", False)) or (
        roles_of(user, municipality) & OFFICE_ROLES
    ):
        return Reader(user_id=user_id, sees_all=True)
    organisations: frozenset[int] = frozenset()
    if Role.ORGANISATION_REPRESENTATIVE in roles_of(user, municipality):
        organisations = frozenset(
            Representative.objects.filter(municipality=municipality, user_id=user_id).values_list(
                "organisation_id", flat=True
            )
        )
    return Reader(
        user_id=user_id,
        department_ids=liaison_department_ids(user, municipality),
        body_ids=member_body_ids(user, municipality),
        organisation_ids=organisations,
    )


def visible_measures(*, municipality: Municipality, reader: Reader) -> QuerySet[Measure]:
    measures = Measure.objects.filter(municipality=municipality)
    if reader.sees_all:
        return measures
    return measures.filter(reader.measure_q()).distinct()


def reporting_departments(*, municipality: Municipality, reader: Reader) -> QuerySet[Department]:
    departments = Department.objects.filter(municipality=municipality)
    if reader.sees_all:
        return departments
    return departments.filter(pk__in=reader.department_ids)
