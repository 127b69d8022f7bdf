"""The catalogue page's list of frozen editions: read by plain SQL (`raw_rows`, only the
four columns it shows, not the editions' summaries) and written out in Python (see
core/rows.py), exactly as `measures/_catalogue_editions.html` wrote it, kept by those rows;
`tests/test_editions_list.py` renders both with arbitrary text in every language. Tenancy is
the caller's: the read names the municipality in its WHERE. The template's own sentences are
printed as `{% translate %}` prints them: not escaped (they are ours)."""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows
from querschnitt.core.start_page import remembered_rows
from querschnitt.measures.models import Catalogue


@dataclass(frozen=True)
class EditionRow:
    as_of: date
    title: str
    measures_count: int
    previous_id: int | None


EDITIONS_SQL = """
SELECT "as_of", "title", "measures_count", "previous_id" FROM "measures_catalogue"
WHERE "municipality_id" = %s ORDER BY "as_of" DESC
"""
EDITION_FIELDS = (
    column(Catalogue, "as_of"),
    column(Catalogue, "title"),
    column(Catalogue, "measures_count"),
    column(Catalogue, "previous"),
)


def edition_rows(*, municipality: Municipality) -> RawRows:
    """The municipality's frozen editions, newest first, as the database gives them."""
    return raw_rows(EDITIONS_SQL, [municipality.pk], Catalogue)


def editions_of(found: RawRows) -> list[EditionRow]:
    return [EditionRow(*row) for row in converted(found, EDITION_FIELDS)]


def _link(url: str, text: str) -> str:
    return f'<a class="kern-link" href="{shown(url)}">{text}</a>'


def edition_item(row: EditionRow, municipality: Municipality) -> str:
    """One edition of the list."""
    as_of = row.as_of.isoformat()

    def link(name: str, text: str) -> str:
        return _link(municipality_reverse(municipality, f"measures:{name}", as_of=as_of), text)

    count = ngettext("%(count)s measure", "%(count)s measures", row.measures_count)
    changed = " · " + link("edition_changes", _("What changed")) if row.previous_id else ""
    return (
        "\n        <li>"
        + link("edition", shown(row.title))
        + f" ({count % {'count': shown(row.measures_count)}}) · "
        + link("edition_pdf", "PDF")
        + " · "
        + link("edition_xlsx", "XLSX")
        + changed
        + "</li>\n      "
    )


def _edition_key(row: EditionRow) -> tuple[object, ...]:
    return (row.as_of, row.title, row.measures_count, bool(row.previous_id))


def editions_markup(editions: list[EditionRow], *, municipality: Municipality) -> SafeString:
    """measures/_catalogue_editions.html: the section listing the frozen editions. Each
    edition's item is remembered under what it shows (`remembered_rows`): after a change of
    the municipality's data the list is written afresh, but its editions are the same."""
    items = (
        remembered_rows(municipality, editions, _edition_key, edition_item)
        if editions
        else f"<li>{_('No edition has been frozen yet.')}</li>"
    )
    return mark_safe(
        '<section aria-labelledby="editions-heading">\n'
        '    <h2 class="kern-heading-medium" id="editions-heading">'
        f"{_('Frozen editions')}</h2>\n"
        '    <p class="kern-body">'
        f"{_('Each edition shows the catalogue as it stood on its date and never changes.')}"
        "</p>\n"
        '    <ul class="kern-list">\n      ' + items + "\n    </ul>\n  </section>\n"
    )


# The section written, by the editions as the database gave them
_kept_sections: Kept[SafeString] = Kept(64)


def kept_editions(found: RawRows, *, municipality: Municipality) -> SafeString:
    """`editions_markup` of the editions as the database gave them (`edition_rows`), kept by
    those rows and all it is written in (`kept.around`)."""
    key = (found, *around(municipality))
    return _kept_sections.get(
        key, lambda: editions_markup(editions_of(found), municipality=municipality)
    )
