"""Reads of the office's list of papers."""

from querschnitt.bodies.models import Consultation
from querschnitt.core.models import Municipality


def staff_paper_paths(*, municipality: Municipality, paper_ids: list[int]) -> dict[int, list[str]]:
    """The path of each paper for the office (every step): the short name of each step's body,
    else its name, in the order of the steps. One query for a page of papers, instead of
    each step and its body as instances."""
    paths: dict[int, list[str]] = {}
    steps = (
        Consultation.objects.filter(municipality=municipality, paper_id__in=paper_ids)
        .order_by("order", "pk")
        .values_list("paper_id", "body__short_name", "body__name")
    )
    for paper_id, short_name, name in steps:
        paths.setdefault(paper_id, []).append(short_name or name)
    return paths
