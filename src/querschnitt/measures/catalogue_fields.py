"""The catalogue page's fields of action: read by plain SQL as the database gives them (only
the three columns the page uses, not their descriptions) and their navigation written out in
Python (see core/rows.py), exactly as `measures/catalogue.html` wrote it, kept by those rows;
`tests/test_catalogue_fields.py` renders both with arbitrary text in every language. Tenancy
is the caller's: the read names the municipality in its WHERE. The template's own sentences
are printed as `{% translate %}` prints them: not escaped (they are ours)."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows
from querschnitt.core.translation import translate
from querschnitt.strategy.models import FieldOfAction

FIELDS_SQL = """
SELECT "id", "key", "name" FROM "strategy_fieldofaction" WHERE "municipality_id" = %s
ORDER BY "position", "id"
"""
FIELDS = (column(FieldOfAction, "id"), column(FieldOfAction, "key"), column(FieldOfAction, "name"))


def field_rows(*, municipality: Municipality) -> RawRows:
    """(id, key, name) of the municipality's fields of action, in their order, as the
    database gives them."""
    return raw_rows(FIELDS_SQL, [municipality.pk], FieldOfAction)


def chosen_id(rows: RawRows, chosen: str) -> int | None:
    """The id of the field of action with the key `chosen`, if there is one."""
    return next((int(row[0]) for row in rows if row[1] == chosen), None)


def fields_nav(rows: RawRows, chosen: str, *, municipality: Municipality) -> str:
    """measures/catalogue.html: the navigation by field of action (nothing without one)."""
    if not rows:
        return ""
    if chosen:
        url = municipality_reverse(municipality, "measures:catalogue")
        everything = f'<a class="kern-link" href="{shown(url)}">{_("All fields of action")}</a>'
    else:
        everything = f"<strong>{_('All fields of action')}</strong>"
    items = []
    for _pk, key, name in converted(rows, FIELDS):
        text = shown(translate(name).text)
        items.append(
            f'<li><strong aria-current="true">{text}</strong></li>'
            if key == chosen
            else f'<li><a class="kern-link" href="?handlungsfeld={shown(key)}">{text}</a></li>'
        )
    return (
        f'\n    <nav aria-label="{_("Fields of action")}">\n'
        '      <ul class="qs-inline-list">\n'
        f"        <li>{everything}</li>\n"
        f"        {''.join(items)}\n"
        "      </ul>\n"
        "    </nav>\n  "
    )


# The navigation written, by the rows it is drawn from
_kept_navs: Kept[SafeString] = Kept(128)


def kept_fields_nav(rows: RawRows, chosen: str, *, municipality: Municipality) -> SafeString:
    """`fields_nav`, kept by the rows, the field chosen (one of them, another, none) and all
    it is written in (`kept.around`)."""
    picked = chosen if chosen_id(rows, chosen) is not None else None
    key = (rows, picked, bool(chosen), *around(municipality))
    return _kept_navs.get(
        key, lambda: mark_safe(fields_nav(rows, chosen, municipality=municipality))
    )
