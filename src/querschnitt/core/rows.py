"""Rows of long staff lists written out in Python, the way the template engine shows values.

A row of a list is thirty to sixty template nodes (30–60 µs); fifty rows cost more than the
rest of the page. The functions that write rows use these helpers so that each gives exactly
what the loop it replaces gave (the tests beside each compare both for arbitrary text, every
language and every variant of a row).
"""

import datetime
import html
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.templatetags.querschnitt import date_in, date_remembered


def shown(value: Any) -> str:
    """`{{ value }}`: localised and escaped."""
    if type(value) is str:  # most values: nothing to localise, not marked safe
        if (
            "&" not in value
            and "<" not in value
            and ">" not in value
            and '"' not in value
            and "'" not in value
        ):
            return value  # nothing to escape: five searches cost less than five replaces
        return html.escape(value)  # what django.utils.html.escape does, without its lazy check
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what `localize` gives an int without grouping, in every language
    return str(conditional_escape(str(localize(template_localtime(value)))))


def or_dash(value: Any) -> str:
    """`{{ value|default:"–" }}` (a missing value counts as empty, as in a template)."""
    return shown(value) if value else "–"


def date_shown(value: Any, arg: str) -> str:
    """`{{ value|date:arg }}`."""
    return shown(date_remembered(template_localtime(value), arg))


def local_in(value: Any, zone: datetime.tzinfo) -> Any:
    """`template_localtime(value)` with the active zone looked up by the caller: once for the
    dates of a whole list instead of once a date."""
    if (
        isinstance(value, datetime.datetime)
        and settings.USE_TZ
        and not timezone.is_naive(value)
        and getattr(value, "convert_to_local_time", True)
    ):
        return value.astimezone(zone)
    return value


def _change(value: Any) -> str:
    """One change of an audit entry: `from → to`, or the value as it was recorded."""
    if isinstance(value, dict):
        before, after = value.get("from"), value.get("to")
        if before is not None or after is not None:
            return f"{or_dash(before)} → {or_dash(after)}"
    return shown(value)


AUDIT_ROW_FIELDS = ("created_at", "actor_label", "action", "target_label", "changes")


def audit_rows(entries: Iterable[dict[str, Any]]) -> SafeString:
    """core/staff/audit.html: the entries of the audit trail, `.values(*AUDIT_ROW_FIELDS)`."""
    zone, language = timezone.get_current_timezone(), get_language()
    parts = []
    for entry in entries:
        changes = entry["changes"]
        changed = "".join(
            f"<div><strong>{shown(key)}</strong>: {_change(value)}</div>"
            for key, value in (changes.items() if isinstance(changes, dict) else ())
        )
        created_at = local_in(entry["created_at"], zone)
        parts.append(
            '\n          <tr class="kern-table__row">\n'
            '            <td class="kern-table__cell"><time datetime="'
            f'{shown(date_in(created_at, "c", language))}">'
            f"{shown(date_in(created_at, 'SHORT_DATETIME_FORMAT', language))}</time></td>\n"
            f'            <td class="kern-table__cell">{shown(entry["actor_label"])}</td>\n'
            f'            <td class="kern-table__cell"><code>{shown(entry["action"])}</code></td>\n'
            f'            <td class="kern-table__cell">{shown(entry["target_label"])}</td>\n'
            f'            <td class="kern-table__cell">{changed}</td>\n'
            "          </tr>\n        "
        )
    if not parts:
        parts.append(
            '\n          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">'
            f"{_('Nothing recorded yet.')}</td></tr>\n        "
        )
    return mark_safe("".join(parts))
