"""Navigation that the apps contribute: the staff area's sections and the public main menu.

Each app registers its links in its `AppConfig.ready()`:

    from querschnitt.core import navigation
    navigation.register_staff(
        navigation.StaffLink(_("Organisations"), "staff:organisation_list", "network.manage",
                             section=_("Network")),
    )
    navigation.register_public(navigation.PublicLink(_("Events"), "events:calendar", 30,
                                                     promise=_("its events")))

A staff link is shown only to people who hold its permission (`accounts.permissions`), so a
link never leads to a 403, and, if it has one, whose request passes its `shown_if`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class StaffLink:
    label: str | Promise
    url_name: str
    permission: str
    section: str | Promise = ""
    order: int = 100
    # Where a permission is not enough ("My organisation" only for people who represent
    # one): a function of the request; the link shows only when it answers True.
    shown_if: Callable[[HttpRequest], bool] | None = None


@dataclass(frozen=True)
class PublicLink:
    label: str | Promise
    url_name: str
    order: int = 100
    # What the platform's overview (`/`) promises for it, e.g. "its network of local actors".
    promise: str | Promise = ""


staff_links: list[StaffLink] = []
public_links: list[PublicLink] = []


def register_staff(*links: StaffLink) -> None:
    for link in links:
        if link.url_name not in {known.url_name for known in staff_links}:
            staff_links.append(link)
    staff_links.sort(key=lambda link: link.order)


def register_public(*links: PublicLink) -> None:
    for link in links:
        if link.url_name not in {known.url_name for known in public_links}:
            public_links.append(link)
    public_links.sort(key=lambda link: link.order)
