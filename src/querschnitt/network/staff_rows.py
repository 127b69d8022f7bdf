"""The rows of the network's long staff lists, written out in Python (see core/rows.py).

Each function gives exactly what the `{% for %}` loop of its list template gave;
`network/tests/test_staff_rows.py` renders both with arbitrary text in every language.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.routing import municipality_reverser
from querschnitt.core.rows import local_in, or_dash, shown
from querschnitt.core.templatetags.querschnitt import date_in
from querschnitt.core.translation import translate
from querschnitt.network.models import Organisation, Signature

CELL = '            <td class="kern-table__cell">'
ROW_END = "\n          </tr>\n        "


def organisation_rows(rows: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """network/staff/organisation_list.html: `rows` as the view gives them, each
    `{"organisation": <a named row of STAFF_ROW_FIELDS>, "outside": <bool>}`."""
    check = _("Check location")
    example = _("Example")
    language = get_language()
    kinds, states, visibilities = (
        choice_labels(Organisation._meta.get_field(name), language)
        for name in ("kind", "status", "visibility")
    )
    edit_url = municipality_reverser(municipality, "staff:organisation_edit")
    parts = []
    for row in rows:
        organisation = row["organisation"]
        url = edit_url(pk=organisation.pk)
        outside = (
            '<span class="kern-badge kern-badge--warning" data-flag="location">'
            f'<span class="kern-label">{check}</span></span>'
            if row["outside"]
            else ""
        )
        is_example = (
            '<span class="kern-badge kern-badge--info">'
            f'<span class="kern-label">{example}</span></span>'
            if organisation.is_example
            else ""
        )
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}"><bdi lang="de">{shown(organisation.name)}</bdi></a></th>\n'
            f"{CELL}{shown(kinds.get(organisation.kind, organisation.kind))}</td>\n"
            f"{CELL}{shown(states.get(organisation.status, organisation.status))}</td>\n"
            '            <td class="kern-table__cell">'
            f"{shown(visibilities.get(organisation.visibility, organisation.visibility))}</td>\n"
            '            <td class="kern-table__cell"><bdi lang="de">'
            f"{or_dash(organisation.district__name)}</bdi></td>\n"
            '            <td class="kern-table__cell">\n'
            f"              {outside}\n"
            f"              {is_example}\n"
            "            </td>" + ROW_END
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="6">'
            f"{_('No organisations found.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))


CONTACT_ROW_FIELDS = (
    "id",
    "name",
    "email",
    "function",
    "organisation__name",
    "has_mailing_consent",
)


def contact_rows(contacts: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """network/staff/contacts/list.html: `contact_list(…).values(*CONTACT_ROW_FIELDS)`."""
    consent = {
        True: '<span class="kern-badge kern-badge--success"><span class="kern-label">'
        f"{_('yes')}</span></span>",
        False: '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
        f"{_('no')}</span></span>",
    }
    edit_url = municipality_reverser(municipality, "staff:contact_edit")
    parts = []
    for contact in contacts:
        url = edit_url(pk=contact["id"])
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            f'            <td class="kern-table__cell"><a class="kern-link" href="{shown(url)}">'
            f"{shown(contact['name'])}</a></td>\n"
            f"{CELL}{or_dash(contact['organisation__name'])}</td>\n"
            f"{CELL}{or_dash(contact['function'])}</td>\n"
            f"{CELL}{or_dash(contact['email'])}</td>\n"
            f"{CELL}{consent[bool(contact['has_mailing_consent'])]}"
            "</td>" + ROW_END
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">'
            f"{_('No contacts found.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))


SIGNATURE_ROW_FIELDS = (
    "id",
    "state",
    "submitted_at",
    "confirmed_at",
    "organisation__name",
    "declaration__title",
    "version__label",
)


def signature_rows(
    signatures: Iterable[dict[str, Any]], *, municipality: Municipality
) -> SafeString:
    """network/staff/signatures/queue.html: `signature_queue(…).values(*SIGNATURE_ROW_FIELDS)`,
    each with its `waiting` (`waiting_of`)."""
    # per list, not per row: the labels in the active language, the address's map and prefix
    states = {state: str(label) for state, label in Signature.State.choices}
    zone, language = get_current_timezone(), get_language()
    decide_url = municipality_reverser(municipality, "staff:signature_decide")
    past = (
        '<span class="kern-badge kern-badge--warning"><span class="kern-label">'
        f"{_('past the target')}</span></span>"
    )
    parts = []
    for signature in signatures:
        url = decide_url(pk=signature["id"])
        title = translate(signature["declaration__title"], language)
        submitted = local_in(signature["submitted_at"], zone)
        waiting = signature["waiting"]
        if waiting:
            days = waiting.days
            waited = (
                "\n                "
                + ngettext("%(days)s day", "%(days)s days", days) % {"days": shown(days)}
                + "\n                "
                + (past if waiting.past_target else "")
                + "\n              "
            )
        else:
            waited = "–"
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}"><bdi>{shown(signature["organisation__name"])}</bdi></a></th>\n'
            f'            <td class="kern-table__cell"><span lang="{shown(title.language)}" '
            f'dir="{shown(title.direction)}">{shown(title.text)}</span> '
            f'(<bdi lang="de">{shown(signature["version__label"])}</bdi>)</td>\n'
            f"{CELL}{shown(states.get(signature['state'], signature['state']))}</td>\n"
            '            <td class="kern-table__cell"><time datetime="'
            f'{shown(date_in(submitted, "c", language))}">'
            f"{shown(date_in(submitted, 'SHORT_DATE_FORMAT', language))}</time></td>\n"
            '            <td class="kern-table__cell">\n'
            f"              {waited}\n"
            "            </td>" + ROW_END
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">'
            f"{_('No signatures in this state.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
