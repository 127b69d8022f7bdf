"""The public directory of organisations: list with search and filters, exports, one
organisation's page."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.network import exports
from querschnitt.network.directory_markup import (
    directory_content,
    directory_results,
    directory_status,
)
from querschnitt.network.forms.directory import DirectoryFilterForm
from querschnitt.network.forms.directory_markup import filter_fields_markup
from querschnitt.network.logos import logo_url
from querschnitt.network.models import Organisation
from querschnitt.network.public_rows import remembered_directory_rows
from querschnitt.network.selectors.directory import (
    PAGE_SIZE,
    DirectoryFilters,
    DirectoryPage,
    DirectorySearch,
    directory_page,
    directory_search,
    organisation_json_ld,
    public_organisation,
)

EXPORT_FORMATS = ("csv", "xlsx")
MAX_POSITION = 10_000_000
# the organisation pages' content blocks (`OrganisationDetail.content`)
_organisation_contents: Kept[SafeString] = Kept(1024)


def narrowed_beyond_words(filters: DirectoryFilters) -> bool:
    """Whether filters other than the search words narrow the list."""
    return bool(
        filters.kinds
        or filters.topics
        or filters.languages
        or filters.districts
        or filters.wheelchair_accessible is not None
    )


def position_from(value: str) -> int:
    """The number of the first entry on a page (the links say it: the list pages by key, so
    the page cannot know it itself); for "21–40 of 356"."""
    try:
        return min(max(int(value), 1), MAX_POSITION)
    except ValueError:
        return 1


def description(municipality: Municipality) -> SafeString:
    """The page's description, for its meta tag and its introduction."""
    return mark_safe(
        _(
            "Associations, religious communities, sports clubs, counselling services and other"
            " local actors that work for living together in %(name)s."
        )
        % {"name": shown(municipality.name)}
    )


def map_settings() -> dict[str, str]:
    """The tile server of the map; without one there is no map, and the list works alone."""
    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", ""),
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "© OpenStreetMap"),
    }


def map_link(organisation: Organisation) -> str:
    """A link to the location on a public map (setting MAP_LINK_URL)."""
    if organisation.latitude is None or organisation.longitude is None:
        return ""
    template = getattr(
        settings,
        "MAP_LINK_URL",
        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
    )
    return str(template).format(lat=organisation.latitude, lon=organisation.longitude)


@method_decorator(cache_public_page, name="get")
class DirectoryView(MunicipalityMixin, TemplateView):
    """The list. htmx asks the same view for the results alone when the filters change."""

    template_name = "network/directory.html"
    results_template_name = "network/directory_results.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DirectoryFilterForm(request.GET or None, municipality=self.municipality)
        search, page = directory_page(
            directory_search(municipality=self.municipality, filters=form.filters()),
            after=request.GET.get("nach", ""),
            before=request.GET.get("vor", ""),
            details=False,
        )
        htmx = getattr(request, "htmx", None)
        partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
        results = self.results(form, search, page, oob=partial)
        if partial:
            response = render(request, self.results_template_name, {"results": results})
        else:
            response = render(request, self.template_name, self.page_context(form, page, results))
        # The same address answers with the page or the fragment; caches must keep both apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def results(
        self, form: DirectoryFilterForm, search: DirectorySearch, page: DirectoryPage, *, oob: bool
    ) -> SafeString:
        first_shown = 1 if page.is_first else position_from(self.request.GET.get("ab", ""))
        return directory_results(
            municipality=self.municipality,
            search=search,
            page=page,
            rows=remembered_directory_rows(page.items, municipality=self.municipality),
            query_string=form.query_string(),
            first_shown=first_shown,
            last_shown=first_shown + len(page.items) - 1,
            previous_start=max(1, first_shown - PAGE_SIZE),
            filtered=form.is_filtered(),
            narrowed=narrowed_beyond_words(form.filters()),
            oob=oob,
        )

    def page_context(
        self, form: DirectoryFilterForm, page: DirectoryPage, results: SafeString
    ) -> dict[str, Any]:
        intro = description(self.municipality)
        tiles = map_settings()
        content = directory_content(
            municipality=self.municipality,
            description=intro,
            filter_markup=filter_form_markup(
                form,
                municipality=self.municipality,
                written=filter_fields_markup,
                # its one choice from the database; the others are fixed lists
                drawn_from=("districts", *form.district_rows(self.municipality)),
            ),
            status=directory_status(page, oob=False),
            results=results,
            tiles=tiles,
        )
        return self.get_context_data(map=tiles, description=intro, directory_content=content)


@require_GET
def directory_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponseBase:
    """The current (filtered) list as CSV or XLSX."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    current = request.municipality  # type: ignore[attr-defined]
    form = DirectoryFilterForm(request.GET or None, municipality=current)
    if form.is_bound and not form.is_valid():
        return render_error(request, 400, _("The filters of this export are not valid."))
    if rate_limit_exceeded(request, scope="directory-export", limit=30, window=600):
        return render_error(request, 429, _("Too many exports from your address. Please wait."))
    search: DirectorySearch = directory_search(municipality=current, filters=form.filters())
    if search.terms and (search.finds_nothing or not search.organisations.exists()):
        search = search.corrected() or search
    # One reverse for all rows: the address of an entry differs only in its number.
    sample = request.build_absolute_uri(
        municipality_reverse(current, "network:organisation_detail", pk=0)
    )
    prefix, suffix = sample.rsplit("/0/", 1)

    def url_of(pk: int) -> str:
        return f"{prefix}/{pk}/{suffix}"

    filename = f"akteure-{current.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return exports.csv_response(search, url_of, filename)
    return exports.xlsx_response(search, url_of, filename)


@method_decorator(cache_public_page, name="get")
class OrganisationDetail(MunicipalityMixin, TemplateView):
    """One organisation's page; only published, public entries exist here."""

    template_name = "network/organisation_detail.html"

    def load_objects(self) -> None:
        organisation = public_organisation(municipality=self.municipality, pk=self.kwargs["pk"])
        if organisation is None:
            raise Http404
        self.organisation = organisation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        organisation = self.organisation
        url = self.request.build_absolute_uri(
            self.reverse("network:organisation_detail", pk=organisation.pk)
        )
        logo = logo_url(organisation, municipality=self.municipality)
        context = super().get_context_data(**kwargs) | {
            "organisation": organisation,
            "logo_url": logo,
            "topics": organisation.topic_names,  # type: ignore[attr-defined]
            "languages": organisation.language_names,  # type: ignore[attr-defined]
            "json_ld": organisation_json_ld(
                organisation=organisation,
                url=url,
                logo=self.request.build_absolute_uri(logo) if logo else None,
            ),
            "map": map_settings(),
            "map_link": map_link(organisation),
        }
        return context | {"organisation_content": self.content(context)}

    def content(self, context: dict[str, Any]) -> SafeString:
        """The page's content block (`network/_organisation_content.html`), kept by all it is
        drawn from: the organisation's row as read, its district's name, its topics and
        languages, its logo's address, the map's settings and link, and `around`."""
        organisation = self.organisation
        district = organisation.district
        map_shown = context["map"]
        key = (
            organisation.drawn,  # type: ignore[attr-defined]
            None if district is None else district.name,
            tuple(organisation.topic_codes),  # type: ignore[attr-defined]
            tuple(organisation.language_codes),  # type: ignore[attr-defined]
            context["logo_url"],
            context["map_link"],
            map_shown["tile_url"],
            map_shown["attribution"],
            *around(self.municipality),
        )
        names = ("organisation", "logo_url", "topics", "languages", "map", "map_link")
        shown = {name: context[name] for name in names} | {"municipality": self.municipality}
        return _organisation_contents.get(
            key,
            # rendered by the template engine, which escapes
            lambda: mark_safe(render_to_string("network/_organisation_content.html", shown)),
        )
