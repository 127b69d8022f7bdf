"""The base of every view in the staff area (`/<municipality>/verwaltung/`)."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from querschnitt.accounts.permissions import PERMISSIONS, UnknownPermission, permissions_of
from querschnitt.core.models import Municipality
from querschnitt.core.navigation import StaffLink, staff_links
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.views.base import MunicipalityMixin


def visible_staff_links(request: HttpRequest) -> list[StaffLink]:
    """The staff links this person may open here (their permissions decided at once)."""
    allowed = permissions_of(request.user, request.municipality)  # type: ignore[attr-defined]
    for link in staff_links:
        if link.permission not in PERMISSIONS:  # a typo never hides a link silently
            raise UnknownPermission(link.permission)
    return [
        link
        for link in staff_links
        if link.permission in allowed and (link.shown_if is None or link.shown_if(request))
    ]


def staff_navigation(
    links: list[StaffLink], current: str, municipality: Municipality
) -> list[dict[str, Any]]:
    return [
        {
            "label": link.label,
            "url": municipality_reverse(municipality, link.url_name),
            "is_current": link.url_name == current,
            "section": link.section,
        }
        for link in links
    ]


class StaffMixin(MunicipalityMixin):
    permission = "staff_area.view"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        current = self.request.resolver_match.view_name if self.request.resolver_match else ""
        links = visible_staff_links(self.request)
        names = tuple(link.url_name for link in links)
        # The menu's markup is made once per set of links and current page (core/chrome.py);
        # the list itself only when it is made.
        context["staff_nav_key"] = (names, current if current in names else "")
        context["staff_nav"] = partial(staff_navigation, links, current, self.municipality)
        return context
