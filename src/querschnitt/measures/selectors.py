"""Reads of the measures that pages, exports and the roll-up share."""

from datetime import date

from django.db.models import Q
from django.utils import timezone


def catalogue_q(year: int | None = None, prefix: str = "") -> Q:
    """Measures in the catalogue of a year (default: this year): in a state of the catalogue,
    and if closed (completed), closed in that year or later."""
    year = year or timezone.localdate().year
    return Q(**{f"{prefix}state__in_catalogue": True}) & ~Q(
        **{f"{prefix}state__is_closed": True, f"{prefix}state_since__lt": date(year, 1, 1)}
    )


def public_q(prefix: str = "") -> Q:
    """Measures the public sees: public, in a public state."""
    return Q(**{f"{prefix}is_public": True, f"{prefix}state__is_public": True})
