"""The directory's results and status line, written out in Python as its rows are
(`public_rows`): the view asks for them on every search and every page.

Each function gives exactly what its template gave (`network/tests/test_directory_markup.py`
renders both, in every language, for every branch). Texts of `{% translate %}` are not
escaped, as in a template; values are, through `core.rows.shown`.
"""

from django.template.defaultfilters import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.network.models import Topic
from querschnitt.network.selectors.directory import DirectoryPage, DirectorySearch


def directory_status(page: DirectoryPage, *, oob: bool) -> SafeString:
    """network/directory_status.html: how many organisations were found."""
    if page.count == 0:
        found = _("No organisations found.")
    elif page.count_is_capped:
        found = _("More than %(limit)s organisations found. The filters narrow the list.") % {
            "limit": shown(page.count_limit)
        }
    else:
        found = ngettext(
            "%(counter)s organisation found.", "%(counter)s organisations found.", page.count
        ) % {"counter": shown(page.count)}
    swap = ' hx-swap-oob="innerHTML"' if oob else ""
    return mark_safe(
        '<p id="directory-status" class="kern-body kern-body--large qs-directory__count"'
        f' role="status"{swap}>{found}</p>\n'
    )


def directory_results(
    *,
    municipality: Municipality,
    search: DirectorySearch,
    page: DirectoryPage,
    rows: str,
    query_string: str,
    first_shown: int,
    last_shown: int,
    previous_start: int,
    filtered: bool,
    narrowed: bool,
    oob: bool,
) -> SafeString:
    """network/directory_results.html: the range, the rows, the pages and the downloads; or
    what to try when nothing was found."""
    directory = shown(municipality_reverse(municipality, "network:directory"))
    correction = (
        '\n  <p class="kern-body qs-directory__correction">'
        f"{_('Showing results for')} <strong><bdi>{shown(search.shown_query)}</bdi></strong>."
        f" {_('Your search did not find anything as written.')}</p>\n"
        if search.corrections
        else ""
    )
    if page.items:
        shown_query = shown(query_string)
        body = (
            '\n  <p class="kern-body qs-directory__range" tabindex="-1" data-qs-focus-start>'
            f"{results_range(page, first_shown, last_shown)}</p>\n"
            f'  <ul class="qs-directory__list">\n    {rows}\n  </ul>\n  '
            + pagination(page, directory, shown_query, previous_start, last_shown)
            + "\n"
            + downloads(municipality, shown_query)
        )
    elif not search.terms and not filtered:
        body = f'\n  <p class="kern-body">{_("The directory has no entries yet.")}</p>\n'
    else:
        body = suggestions(search, directory, narrowed=narrowed)
    status = directory_status(page, oob=True) if oob else ""
    return mark_safe(f"{correction}\n{body}\n{status}\n")


def results_range(page: DirectoryPage, first: int, last: int) -> str:
    """ "Results 1–20 of 356"."""
    if page.count_is_capped:
        text = _("Results %(first)s–%(last)s of more than %(count)s")
        count = page.count_limit
    else:
        text = _("Results %(first)s–%(last)s of %(count)s")
        count = page.count
    return text % {"first": shown(first), "last": shown(last), "count": shown(count)}


def pagination(
    page: DirectoryPage, directory: str, query_string: str, previous_start: int, last_shown: int
) -> str:
    """The links to the first, the previous and the next page (`query_string` escaped)."""
    if not (page.next_cursor or page.previous_cursor or not page.is_first):
        return ""
    keep = f"{query_string}&amp;" if query_string else ""
    first = previous = following = ""
    if not page.is_first:
        first = (
            f'<li><a class="kern-link" href="{directory}'
            f'{"?" + query_string if query_string else ""}"'
            f' hx-get="{directory}?{query_string or "q="}" hx-target="#directory-results"'
            f' hx-push-url="true">{_("First page")}</a></li>'
        )
    if page.previous_cursor:
        link = f"?{keep}vor={shown(page.previous_cursor)}&amp;ab={shown(previous_start)}"
        previous = (
            f'<li><a class="kern-link" rel="prev" href="{link}" hx-get="{link}"'
            f' hx-target="#directory-results" hx-push-url="true">{_("Previous page")}</a></li>'
        )
    if page.next_cursor:
        link = f"?{keep}nach={shown(page.next_cursor)}&amp;ab={shown(last_shown + 1)}"
        following = (
            f'<li><a class="kern-link" rel="next" href="{link}" hx-get="{link}"'
            f' hx-target="#directory-results" hx-push-url="true">{_("Next page")}</a></li>'
        )
    return (
        f'\n    <nav class="qs-pagination" aria-label="{_("Pages")}">\n'
        f'      <ul class="qs-inline-list">\n        {first}\n        {previous}\n'
        f"        {following}\n      </ul>\n    </nav>\n  "
    )


def downloads(municipality: Municipality, query_string: str) -> str:
    """The list as CSV and as XLSX (`query_string` escaped)."""
    query = f"?{query_string}" if query_string else ""
    csv = shown(municipality_reverse(municipality, "network:directory_export", fmt="csv"))
    xlsx = shown(municipality_reverse(municipality, "network:directory_export", fmt="xlsx"))
    return (
        '  <section class="qs-directory__export" aria-labelledby="directory-export-heading">\n'
        '    <h3 class="kern-heading-small" id="directory-export-heading">'
        f"{_('Download this list')}</h3>\n"
        '    <ul class="qs-inline-list">\n'
        f'      <li><a class="kern-link" href="{csv}{query}" download>{_("CSV")}</a></li>\n'
        f'      <li><a class="kern-link" href="{xlsx}{query}" download>'
        f"{_('Excel (XLSX)')}</a></li>\n"
        "    </ul>\n  </section>\n"
    )


def suggestions(search: DirectorySearch, directory: str, *, narrowed: bool) -> str:
    """What to try when a search or the filters found nothing."""
    without_filters = tip = ""
    if search.terms and narrowed:
        words = search.filters.query
        text = _("Search for “%(words)s” without the filters") % {"words": shown(words)}
        without_filters = (
            f'<li><a class="kern-link" href="{directory}?q={shown(urlencode(words))}">'
            f"{text}</a></li>"
        )
    if search.terms:
        tip = (
            "<li>"
            + _("Use fewer or broader words: “Kurs” finds more than “Abendkurs für Anfänger”.")
            + "</li>"
        )
    elif narrowed:
        tip = f"<li>{_('Choose fewer filters.')}</li>"
    topics = "".join(
        f'<li><a class="kern-link" href="{directory}?thema={shown(value)}">{shown(label)}</a></li>'
        for value, label in Topic.choices
    )
    return (
        '\n  <section class="qs-directory__empty" aria-labelledby="directory-empty-heading">\n'
        '    <h3 class="kern-heading-small" id="directory-empty-heading" tabindex="-1"'
        f" data-qs-focus-start>{_('What you can try')}</h3>\n"
        '    <ul class="kern-list">\n'
        f"      {without_filters}\n      {tip}\n"
        f'      <li><a class="kern-link" href="{directory}">'
        f"{_('Show all organisations')}</a></li>\n"
        "    </ul>\n"
        f'    <h4 class="kern-heading-x-small">{_("Browse by topic")}</h4>\n'
        '    <ul class="qs-inline-list qs-directory__topics">\n'
        f"      {topics}\n    </ul>\n  </section>\n"
    )


def directory_content(
    *,
    municipality: Municipality,
    description: str,
    filter_markup: str,
    status: str,
    results: str,
    tiles: dict[str, str],
) -> SafeString:
    """The content block of network/directory.html: introduction, filters and results."""
    directory = shown(municipality_reverse(municipality, "network:directory"))
    entry_request = shown(municipality_reverse(municipality, "network:entry_request"))
    return mark_safe(
        f'\n  <h1 class="kern-heading-large">{_("Organisations and initiatives")}</h1>\n'
        f'  <p class="kern-body kern-body--large">{description}</p>\n'
        f'  <p class="kern-body"><a class="kern-link" href="{entry_request}">'
        f"{_('Is your organisation missing? Request an entry.')}</a></p>\n"
        '  <div class="qs-directory">\n'
        '    <section class="qs-directory__filters" aria-labelledby="directory-filter-heading">\n'
        '      <h2 class="kern-heading-medium" id="directory-filter-heading">'
        f"{_('Search and filter')}</h2>\n"
        f'      <form method="get" action="{directory}" role="search"'
        ' aria-labelledby="directory-filter-heading" class="qs-directory__form" novalidate\n'
        f'            hx-get="{directory}" hx-target="#directory-results" hx-push-url="true"'
        ' hx-sync="this:replace"\n'
        '            hx-trigger="submit, change, input changed delay:500ms from:#id_q">\n'
        f"        {filter_markup}\n"
        '        <div class="kern-btn-wrapper">\n'
        '          <button type="submit" class="kern-btn kern-btn--primary">'
        f'<span class="kern-label">{_("Show results")}</span></button>\n'
        f'          <a class="kern-btn kern-btn--tertiary" href="{directory}">'
        f'<span class="kern-label">{_("Reset filters")}</span></a>\n'
        "        </div>\n      </form>\n    </section>\n"
        '    <section class="qs-directory__main" aria-labelledby="directory-results-heading">\n'
        '      <h2 class="kern-heading-medium" id="directory-results-heading">'
        f"{_('Results')}</h2>\n"
        f"      {status}\n      {map_block(tiles)}\n"
        '      <div id="directory-results" class="qs-directory__results"'
        " data-qs-focus-after-swap>\n"
        f"        {results}\n      </div>\n    </section>\n  </div>\n"
    )


def map_block(tiles: dict[str, str]) -> str:
    """The map of the page's organisations, when there is a tile server (`map_settings`)."""
    if not tiles["tile_url"]:
        return ""
    return (
        '\n        <div class="qs-map-wrapper">\n'
        '          <div id="directory-map" class="qs-map" role="region"'
        f' aria-label="{_("Map of the organisations on this page")}"\n'
        f'               data-tile-url="{shown(tiles["tile_url"])}"'
        f' data-attribution="{shown(tiles["attribution"])}" data-markers="#directory-results">'
        "</div>\n"
        '          <p class="kern-body kern-body--small">'
        + _(
            "The map shows the organisations of this page."
            " The list below contains the same information."
        )
        + "</p>\n        </div>\n      "
    )
