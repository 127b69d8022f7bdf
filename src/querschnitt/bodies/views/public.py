"""Public pages of bodies, meetings and papers. Each page shows what its viewer may see: the
public part for everyone, everything of their bodies for signed-in members, everything for
the office (`bodies.visibility`). Only anonymous visitors' pages are cached."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.views.generic import TemplateView

from querschnitt.bodies.forms import PaperSearchForm
from querschnitt.bodies.models import Body
from querschnitt.bodies.rows import (
    body_calendar_links,
    body_list_rows,
    meeting_row,
    meeting_rows,
    member_rows,
    paper_results,
    paper_rows,
    paper_search_content,
    paper_search_head,
)
from querschnitt.bodies.search_fields import FieldTexts, field_texts, form_fields, search_fields
from querschnitt.bodies.selectors.meetings import (
    meeting_agenda,
    meeting_documents,
    visible_meeting_list,
)
from querschnitt.bodies.selectors.papers import (
    Cursor,
    PaperFilters,
    bodies_for_filter,
    paper_path,
    paper_search,
)
from querschnitt.bodies.selectors.papers_sql import paper_page
from querschnitt.bodies.selectors.public_sql import (
    body_meetings,
    current_members,
    listed_bodies,
    meeting_rows_between,
    meeting_values,
    public_bodies_of,
    public_body_rows,
    visible_body,
)
from querschnitt.bodies.visibility import (
    Viewer,
    file_q,
    viewer_for,
    visible_papers,
)
from querschnitt.core import files as core_files
from querschnitt.core import versioned
from querschnitt.core.kept import Kept, around
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.versioned import remembered
from querschnitt.core.views.base import MunicipalityMixin


class ViewerMixin(MunicipalityMixin):
    @property
    def viewer(self) -> Viewer:
        if not hasattr(self, "_viewer"):
            self._viewer = viewer_for(self.request.user, self.municipality)
        return self._viewer

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"viewer": self.viewer}


@method_decorator(cache_public_page, name="get")
class BodyList(ViewerMixin, TemplateView):
    template_name = "bodies/body_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        bodies = listed_bodies(municipality=self.municipality, viewer=self.viewer)
        return super().get_context_data(**kwargs) | {
            "body_rows": body_list_rows(bodies, municipality=self.municipality)
        }


@method_decorator(cache_public_page, name="get")
class BodyDetail(ViewerMixin, TemplateView):
    """A body, its members and its coming and past meetings. For the public its reads are
    remembered per content version (`core.versioned`), the members also per day and the
    meetings while no meeting's start passes (`KeptMeetings`)."""

    template_name = "bodies/body_detail.html"

    def load_objects(self) -> None:
        municipality, viewer, slug = self.municipality, self.viewer, self.kwargs["slug"]

        def read() -> tuple[Body, str | None]:
            found = visible_body(municipality=municipality, viewer=viewer, slug=slug)
            if found is None:  # raised, so that no address that finds nothing is remembered
                raise Http404
            return found

        self.body, self.office_department = (
            remembered(municipality, f"bodies:body:{slug}", read) if viewer.is_public else read()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        upcoming, past = self.meetings(since=timezone.now() - timedelta(hours=3))
        members, rows = self.members(on=timezone.localdate())
        return super().get_context_data(**kwargs) | {
            "body": self.body,
            "office_department": self.office_department,
            "members": members,
            "member_rows": rows,
            "upcoming": upcoming,
            "past": past,
            "reads_all": self.viewer.reads_all_of(self.body.pk),
        }

    def members(self, *, on: date) -> tuple[list[dict[str, Any]], SafeString]:
        """The members on the day and their rows (in the language)."""
        municipality, body = self.municipality, self.body

        def read() -> tuple[list[dict[str, Any]], SafeString]:
            members = current_members(municipality=municipality, body=body, on=on)
            return members, member_rows(members)

        if not self.viewer.is_public:
            return read()
        name = f"bodies:body:{body.pk}:members:{on.isoformat()}:{get_language()}"
        return remembered(municipality, name, read)

    def meetings(self, *, since: datetime) -> tuple[SafeString, SafeString]:
        """The rows of the coming and of the past meetings."""
        municipality, viewer, body = self.municipality, self.viewer, self.body

        def read(since: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            return body_meetings(
                municipality=municipality, viewer=viewer, body=body, since=since, limit=10
            )

        if not viewer.is_public:
            coming, past = read(since)
            return self.meeting_rows(coming), self.meeting_rows(past)
        kept = remembered(municipality, f"bodies:body:{body.pk}:meetings", KeptMeetings)
        return kept.rows(since, read, self.meeting_rows)

    def meeting_rows(self, meetings: list[dict[str, Any]]) -> SafeString:
        return meeting_rows(map(meeting_row, meetings), municipality=self.municipality)


class KeptMeetings:
    """A body's coming and past meetings as read from one moment on: the same from every
    later moment up to the first coming meeting's start (no meeting begins in between).
    Their rows are kept per language, time zone and address prefix."""

    def __init__(self) -> None:
        self.kept: tuple[datetime, datetime | None, Any, dict[tuple[Any, ...], Any]] | None = None

    def rows(
        self,
        since: datetime,
        read: Callable[[datetime], tuple[list[dict[str, Any]], list[dict[str, Any]]]],
        written: Callable[[list[dict[str, Any]]], SafeString],
    ) -> tuple[SafeString, SafeString]:
        kept = self.kept
        if kept is None or not (kept[0] <= since and (kept[1] is None or since <= kept[1])):
            found = read(since)
            coming = found[0]
            kept = self.kept = (since, coming[0]["start"] if coming else None, found, {})
        key = (get_language(), get_current_timezone_name(), get_urlconf(), get_script_prefix())
        markup = kept[3].get(key)
        if markup is None:
            coming, past = kept[2]
            markup = kept[3][key] = (written(coming), written(past))
        return markup


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        today = timezone.localdate()
        return today.replace(day=1)


@method_decorator(cache_public_page, name="get")
class MeetingCalendar(ViewerMixin, TemplateView):
    """Meetings month by month, with an iCalendar feed of all public meetings. The links to
    the next and the previous month ask (htmx) for the month alone, and the focus goes to
    its heading."""

    template_name = "bodies/meeting_calendar.html"
    month_template_name = "bodies/_meeting_month.html"

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.month_template_name]
        return [self.template_name]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        month = _month(self.request.GET.get("monat", ""))
        following = (month + timedelta(days=32)).replace(day=1)
        previous = (month - timedelta(days=1)).replace(day=1)
        months = {"month": month, "previous": previous, "following": following}
        context = super().get_context_data(**kwargs) | months
        if self.get_template_names() != [self.template_name]:  # the month alone
            return context | {"meetings": self.month_markup(months)[0]}
        return context | {
            "month_markup": self.month_markup(months)[1],
            "body_calendars": self.body_calendars(),
        }

    def month_markup(self, months: dict[str, date]) -> tuple[SafeString, SafeString]:
        """The month's meeting rows and the month as `month_template_name` shows it. For the
        public remembered per content version, month, language, time zone and URL map, and
        kept by the month's rows as read, the month and `around`."""
        municipality, viewer, month = self.municipality, self.viewer, months["month"]

        def read() -> RawRows:
            zone = timezone.get_current_timezone()
            return meeting_rows_between(
                municipality=municipality,
                viewer=viewer,
                start=datetime.combine(month, datetime.min.time(), tzinfo=zone),
                end=datetime.combine(months["following"], datetime.min.time(), tzinfo=zone),
            )

        def written(found: RawRows) -> tuple[SafeString, SafeString]:
            rows = meeting_rows(map(meeting_row, meeting_values(found)), municipality=municipality)
            shown = render_to_string(self.month_template_name, months | {"meetings": rows})
            return rows, mark_safe(shown)  # rendered by the template engine, which escapes

        if not viewer.is_public:
            return written(read())

        def kept() -> tuple[SafeString, SafeString]:
            found = read()
            return _months.get((found, month, *around(municipality)), lambda: written(found))

        name = (
            f"bodies:calendar:{month.isoformat()}:{get_language()}:"
            f"{get_current_timezone_name()}:{get_urlconf()}:{get_script_prefix()}"
        )
        return remembered(municipality, name, kept)

    def body_calendars(self) -> SafeString:
        """The public bodies' calendar links, remembered per content version and URL map and
        kept by the bodies' rows as read, the address and the URL map (in every language)."""
        municipality = self.municipality

        def kept() -> SafeString:
            found = public_body_rows(municipality=municipality)
            return _calendar_links.get(
                (found, municipality.slug, get_urlconf(), get_script_prefix()),
                lambda: body_calendar_links(public_bodies_of(found), municipality=municipality),
            )

        name = f"bodies:calendar_links:{get_urlconf()}:{get_script_prefix()}"
        return remembered(municipality, name, kept)


# the meeting calendar's months and calendar links (`MeetingCalendar`), for the public
_months: Kept[tuple[SafeString, SafeString]] = Kept(256)
_calendar_links: Kept[SafeString] = Kept(64)


@method_decorator(cache_public_page, name="get")
class MeetingDetail(ViewerMixin, TemplateView):
    template_name = "bodies/meeting_detail.html"

    def load_objects(self) -> None:
        self.meeting = get_object_or_404(
            visible_meeting_list(municipality=self.municipality, viewer=self.viewer),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        items = meeting_agenda(meeting=self.meeting, viewer=self.viewer)
        return super().get_context_data(**kwargs) | {
            "meeting": self.meeting,
            "items": items,
            "documents": meeting_documents(meeting=self.meeting, viewer=self.viewer),
            "reads_all": self.viewer.reads_all_of(self.meeting.body_id),
        }


def first_position(value: str) -> int:
    """The number of the first paper on a page, which its link names (the list pages by key,
    so the page cannot know it itself); for "Results 21–40 of 356"."""
    try:
        return min(max(int(value), 1), 10**6)
    except ValueError:
        return 1


MAX_SEARCH_DATA = 1000  # what nobody types: made each time, not remembered
REMEMBERED_SEARCHES = 1024
_searches: dict[tuple[Any, ...], tuple[PaperFilters, SafeString]] = versioned.kept_elsewhere({})


class PaperSearchView(ViewerMixin, TemplateView):
    """Search by words (also inside the documents), reference, date, body and type. A page
    link asks (htmx) for the results alone, and the focus goes to their first line."""

    template_name = "bodies/paper_search.html"
    results_template_name = "bodies/_paper_results.html"

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            return [self.results_template_name]
        return [self.template_name]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The same address answers with the page or the results; caches keep both apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def bodies_for_filter(self) -> list[Any]:
        """The bodies to search by; for the public remembered per content version."""
        municipality, viewer = self.municipality, self.viewer
        if not viewer.is_public:
            return bodies_for_filter(municipality=municipality, viewer=viewer)
        return remembered(
            municipality,
            "bodies:paper_search_bodies",
            lambda: bodies_for_filter(municipality=municipality, viewer=viewer),
        )

    def field_texts(self, bodies: list[Any]) -> FieldTexts:
        """The labels and choices of the form's fields; for the public remembered per content
        version and language: its body choices are the public bodies then, the same for every
        visitor."""
        if not self.viewer.is_public:
            return field_texts(bodies)
        return remembered(
            self.municipality,
            f"bodies:paper_search_fields:{get_language()}",
            lambda: field_texts(bodies),
        )

    def search_form(self) -> tuple[PaperSearchForm | None, PaperFilters, SafeString]:
        """The form (None: not made), what it asks for and its fields' markup. For the public,
        a form without errors is remembered as its markup and filters: both follow from the
        request's data, the public bodies (content version), the language (dates are read in
        its formats) and the URL map, for every visitor."""
        if not self.viewer.is_public:
            return self.made_form()
        data = self.request.GET
        try:
            key = (
                self.municipality.pk,
                self.municipality.content_version,
                get_language(),
                get_script_prefix(),
                get_urlconf(),
                tuple(sorted((name, tuple(values)) for name, values in data.lists())),
            )
            found = _searches.get(key) if len(repr(data)) <= MAX_SEARCH_DATA else None
        except TypeError:  # a value that cannot be a key
            return self.made_form()
        if found is not None:
            return None, *found
        form, filters, markup = self.made_form()
        if form is None and len(repr(data)) <= MAX_SEARCH_DATA:
            if len(_searches) >= REMEMBERED_SEARCHES:
                _searches.pop(next(iter(_searches)), None)
            _searches[key] = (filters, markup)
        return form, filters, markup

    def made_form(self) -> tuple[PaperSearchForm | None, PaperFilters, SafeString]:
        """A search that validates is checked without the form (None), one that does not
        makes it, for its errors."""
        data, bodies = self.request.GET, self.bodies_for_filter()
        texts = self.field_texts(bodies)
        filters = PaperSearchForm.valid_filters(data, bodies=bodies)
        if filters is not None:
            return None, filters, search_fields(texts, data)
        form = PaperSearchForm(data, bodies=bodies)
        return form, form.filters(), form_fields(form, texts)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form, filters, markup = self.search_form()
        search = paper_search(municipality=self.municipality, viewer=self.viewer, filters=filters)
        cursor = Cursor.decode(self.request.GET.get("nach", ""))
        page = paper_page(search, after=cursor)
        first = first_position(self.request.GET.get("ab", "")) if cursor else 1
        last = first + len(page.papers) - 1
        query = urlencode(filters.to_json())
        results = paper_results(
            page,
            rows=paper_rows(page.papers, municipality=self.municipality),
            first=first,
            last=last,
            query=query,
            asked_after=bool(self.request.GET.get("nach")),
        )
        municipality = self.municipality
        content = paper_search_content(
            municipality=municipality,
            errors=form.error_summary() if form is not None and form.errors else None,
            form_markup=markup,
            page=page,
            results=results,
            query=query,
        )
        return super().get_context_data(**kwargs) | {
            "head": paper_search_head(municipality=municipality, query=query),
            "content": content,
            "results": results,  # the answer to a page link (htmx)
        }


@method_decorator(cache_public_page, name="get")
class PaperDetail(ViewerMixin, TemplateView):
    template_name = "bodies/paper_detail.html"

    def load_objects(self) -> None:
        self.paper = get_object_or_404(
            visible_papers(municipality=self.municipality, viewer=self.viewer).select_related(
                "originator_department", "superordinate"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        viewer = self.viewer
        papers = visible_papers(municipality=self.municipality, viewer=viewer)
        path = paper_path(paper=self.paper, viewer=viewer)
        member = viewer.office or any(viewer.reads_all_of(step.body_id) for step in path)
        documents = self.paper.files.filter(file_q(viewer)).order_by("role", "pk")
        originators = [
            o
            for o in self.paper.originators.select_related("person", "body")
            if o.person_id
            or (o.body is not None and (o.body.is_public or viewer.reads_all_of(o.body.pk)))
        ]
        superordinate = self.paper.superordinate
        return super().get_context_data(**kwargs) | {
            "paper": self.paper,
            "path": path,
            "documents": list(documents),
            "originators": originators,
            "superordinate": superordinate
            if superordinate is not None and papers.filter(pk=superordinate.pk).exists()
            else None,
            "subordinates": list(papers.filter(superordinate=self.paper).order_by("-date")),
            "reads_all": member,
        }


def document(request: HttpRequest, municipality: str, pk: int) -> HttpResponseBase:
    """A document of a paper or meeting, for whoever may see it; others get a 404."""
    place = request.municipality  # type: ignore[attr-defined]
    viewer = viewer_for(request.user, place)
    from querschnitt.bodies.models import File

    found = File.objects.filter(municipality=place, pk=pk).filter(file_q(viewer)).first()
    if found is None:
        raise Http404
    response = core_files.file_response(
        found.file.open("rb"), file_name=found.file_name, mime_type=found.mime_type, inline=True
    )
    if not viewer.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
