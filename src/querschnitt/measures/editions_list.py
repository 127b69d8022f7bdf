"""The catalogue page's list of frozen editions: read by plain SQL (`converted_rows`, only the
four columns it shows, not the editions' summaries) and written out in Python (see
core/rows.py), exactly as `measures/_catalogue_editions.html` wrote it;
`tests/test_editions_list.py` renders both with arbitrary text in every language. Tenancy is
the caller's: the read names the municipality in its WHERE. The template's own sentences are
printed as `{% translate %}` prints them: not escaped (they are ours)."""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverser
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import column, converted_rows
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


def edition_rows(*, municipality: Municipality) -> list[EditionRow]:
    """The municipality's frozen editions, newest first."""
    found = converted_rows(EDITIONS_SQL, [municipality.pk], EDITION_FIELDS)
    return [EditionRow(*row) for row in found]


def _link(url: str, text: str) -> str:
    return f'<a class="kern-link" href="{shown(url)}">{text}</a>'


def editions_markup(editions: list[EditionRow], *, municipality: Municipality) -> SafeString:
    """measures/_catalogue_editions.html: the section listing the frozen editions."""
    edition, pdf, xlsx, changes = (
        municipality_reverser(municipality, f"measures:{name}")
        for name in ("edition", "edition_pdf", "edition_xlsx", "edition_changes")
    )
    what_changed = _("What changed")
    items = []
    for row in editions:
        as_of = row.as_of.isoformat()
        count = ngettext("%(count)s measure", "%(count)s measures", row.measures_count)
        changed = " · " + _link(changes(as_of=as_of), what_changed) if row.previous_id else ""
        items.append(
            "\n        <li>"
            + _link(edition(as_of=as_of), shown(row.title))
            + f" ({count % {'count': shown(row.measures_count)}}) · "
            + _link(pdf(as_of=as_of), "PDF")
            + " · "
            + _link(xlsx(as_of=as_of), "XLSX")
            + changed
            + "</li>\n      "
        )
    if not items:
        items.append(f"<li>{_('No edition has been frozen yet.')}</li>")
    return mark_safe(
        '<section aria-labelledby="editions-heading">\n'
        '    <h2 class="kern-heading-medium" id="editions-heading">'
        f"{_('Frozen editions')}</h2>\n"
        '    <p class="kern-body">'
        f"{_('Each edition shows the catalogue as it stood on its date and never changes.')}"
        "</p>\n"
        '    <ul class="kern-list">\n      ' + "".join(items) + "\n    </ul>\n  </section>\n"
    )
