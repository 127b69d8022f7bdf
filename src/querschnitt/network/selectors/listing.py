"""What of the network the public sees: one definition of a publicly listed organisation.

The directory and its search, an organisation's page, the exports, the alliance's page and the
API all list organisations through this condition, so they cannot disagree about who appears.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import Organisation


def listed_condition(*, visibilities: Iterable[str] = (Visibility.PUBLIC,), prefix: str = "") -> Q:
    """Published entries at the given visibility levels (the public sees public ones only);
    never requested, in review or archived ones. `prefix` reaches the organisation through a
    relation, such as `organisation__` from a signature."""
    return Q(
        **{
            f"{prefix}status": Organisation.Status.PUBLISHED,
            f"{prefix}visibility__in": list(visibilities),
        }
    )


def publicly_listed(*, municipality: Municipality) -> QuerySet[Organisation]:
    """The organisations of the municipality that anyone may see listed."""
    return Organisation.objects.filter(listed_condition(), municipality=municipality)
