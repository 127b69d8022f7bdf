"""The rows of the public bodies pages written out in Python (`bodies/rows.py`) give exactly
what their template loops gave, for any text, in every language, for every variant of a row
(with or without a place, online, cancelled, unpublished; a member with a group, a seat
group or neither, with or without a vote) and for an empty list. The rows are made from the
values the views read (`MEETING_ROW_FIELDS`, `MEMBER_ROW_FIELDS`)."""

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.models import (
    Body,
    Consultation,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
    SeatGroup,
)
from querschnitt.bodies.rows import (
    MEETING_ROW_FIELDS,
    MEMBER_ROW_FIELDS,
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
from querschnitt.bodies.selectors.papers import PAPER_ROW_FIELDS, Cursor, PaperPage
from querschnitt.bodies.selectors.public_sql import LISTED_BODY_FIELDS
from querschnitt.core.models import Municipality

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
tricky = st.one_of(text, st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", ""]))
ids = st.integers(1, 10**9)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2090, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)
zones = st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran"])

# The meeting row is still a template of its own (the start page's section includes it).
MEETING_LOOP = '{% for meeting in meetings %}{% include "bodies/_meeting_row.html" %}{% endfor %}'
# The loop of the body page's members, as it stood in bodies/body_detail.html.
MEMBER_LOOP = """{% load i18n %}{% for membership in members %}
          <li><bdi>{{ membership.person.name }}</bdi> – {{ membership.get_role_display }}{% if membership.group %} (<bdi lang="de">{{ membership.group }}</bdi>){% elif membership.seat_group %} (<bdi lang="de">{{ membership.seat_group.name }}</bdi>){% endif %}{% if not membership.voting_right %}, {% translate "without a vote" %}{% endif %}</li>
        {% endfor %}"""  # noqa: E501


def read_as_values(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The instance as `values(*fields)` reads it (None past a missing relation)."""
    found = {}
    for path in fields:
        value = instance
        for part in path.split("__"):
            value = None if value is None else getattr(value, part, None)
        found[path] = value
    return found


def meeting(pk, name, start, place, online_url, cancelled, published) -> Meeting:
    found = Meeting(
        pk=pk,
        name=name,
        start=start,
        online_url=online_url,
        cancelled=cancelled,
        published_at=start if published else None,
    )
    found.location = None if place is None else Location(pk=2, description=place[0], room=place[1])
    return found


@settings(max_examples=200, deadline=None)
@given(
    meetings=st.lists(
        st.builds(
            meeting,
            ids,
            tricky,
            moments,
            st.one_of(st.none(), st.tuples(tricky, tricky)),
            st.sampled_from(["", "https://meet.example/a?b=1&c=2"]),
            st.booleans(),
            st.booleans(),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
    zone=zones,
)
def test_meeting_rows_are_the_template_rows(meetings, language, zone) -> None:
    rows = [meeting_row(read_as_values(found, MEETING_ROW_FIELDS)) for found in meetings]
    with translation.override(language), timezone.override(zone):
        expected = Template(MEETING_LOOP).render(
            Context({"municipality": MUNICIPALITY, "meetings": meetings})
        )
        assert meeting_rows(rows, municipality=MUNICIPALITY) == expected


def membership(person, role, group, seat_group, voting_right) -> Membership:
    found = Membership(role=role, group=group, voting_right=voting_right)
    found.person = Person(pk=3, title=person[0], given_name=person[1], family_name=person[2])
    found.seat_group = None if seat_group is None else SeatGroup(pk=4, name=seat_group)
    return found


@settings(max_examples=200, deadline=None)
@given(
    members=st.lists(
        st.builds(
            membership,
            st.tuples(tricky, tricky, tricky),
            st.sampled_from([*Membership.Role.values, "unknown"]),
            tricky,
            st.one_of(st.none(), tricky),
            st.booleans(),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_member_rows_are_the_template_rows(members, language) -> None:
    rows = [read_as_values(found, MEMBER_ROW_FIELDS) for found in members]
    with translation.override(language):
        expected = Template(MEMBER_LOOP).render(Context({"members": members}))
        assert member_rows(rows) == expected


# The loop of the paper search's results, as it stood in bodies/_paper_results.html.
PAPER_LOOP = """{% load i18n %}{% for paper in page.papers %}
    <li>
      <a class="kern-link" href="{% murl 'bodies:paper_detail' pk=paper.pk %}"><bdi lang="de" dir="ltr">{{ paper.reference }} {{ paper.name }}</bdi></a><br>
      <span class="qs-bodies-meta">{{ paper.get_paper_type_display }} · {{ paper.date|date:"DATE_FORMAT" }}{% if paper.path %} · {% for step in paper.path %}<bdi lang="de">{{ step.body.short_name|default:step.body.name }}</bdi>{% if not forloop.last %} → {% endif %}{% endfor %}{% endif %}{% if not paper.public %} · {% translate "not public" %}{% endif %}</span>
    </li>
  {% empty %}
    <li>{% translate "No paper matches." %}</li>
  {% endfor %}"""  # noqa: E501


def paper(pk, reference, name, paper_type, day, public, steps) -> Paper:
    found = Paper(
        pk=pk, reference=reference, name=name, paper_type=paper_type, date=day, public=public
    )
    found.path = [  # type: ignore[attr-defined]
        Consultation(body=Body(short_name=short_name, name=name)) for short_name, name in steps
    ]
    return found


def as_row(found: Paper) -> dict[str, Any]:
    """The paper as `PaperSearch.page` gives it: its values and the names on its path."""
    row = read_as_values(found, PAPER_ROW_FIELDS)
    row["path"] = [step.body.short_name or step.body.name for step in found.path]  # type: ignore[attr-defined]
    return row


@settings(max_examples=200, deadline=None)
@given(
    papers=st.lists(
        st.builds(
            paper,
            ids,
            tricky,
            tricky,
            st.sampled_from([*Paper.Type.values, "unknown"]),
            st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 1, 1)),
            st.booleans(),
            st.lists(st.tuples(tricky, tricky), max_size=3),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_paper_rows_are_the_template_rows(papers, language) -> None:
    rows = [as_row(found) for found in papers]
    with translation.override(language):
        expected = Template(PAPER_LOOP).render(
            Context({"municipality": MUNICIPALITY, "page": {"papers": papers}})
        )
        assert paper_rows(rows, municipality=MUNICIPALITY) == expected


# The body list, as it stood in bodies/body_list.html.
BODY_LIST_LOOP = """{% load i18n %}{% regroup bodies by get_kind_display as kinds %}
  {% for kind in kinds %}
    <h2 class="kern-heading-medium">{{ kind.grouper }}</h2>
    <ul class="kern-list">
      {% for body in kind.list %}
        <li><a class="kern-link" href="{% murl 'bodies:body_detail' slug=body.slug %}"><bdi lang="de">{{ body.name }}</bdi></a>{% if not body.is_public %} ({% translate "not public" %}){% endif %}</li>
      {% endfor %}
    </ul>
  {% empty %}
    <p class="kern-body">{% translate "No bodies yet." %}</p>
  {% endfor %}"""  # noqa: E501
# The calendars of the bodies, as they stood in bodies/meeting_calendar.html.
CALENDAR_LOOP = """{% for body in bodies %}{% if body.is_public %}<li><a class="kern-link" href="{% murl 'bodies:body_calendar' slug=body.slug %}"><bdi lang="de">{{ body.name }}</bdi></a></li>{% endif %}{% endfor %}"""  # noqa: E501
slugs = st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)
bodies = st.lists(
    st.builds(
        lambda slug, name, is_public, kind: Body(
            slug=slug, name=name, is_public=is_public, kind=kind
        ),
        slugs,
        tricky,
        st.booleans(),
        st.sampled_from([*Body.Kind.values, "unknown"]),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(listed=bodies, language=st.sampled_from(LANGUAGES))
def test_body_list_rows_are_the_template_rows(listed, language) -> None:
    listed.sort(key=lambda body: (body.kind, body.name))  # as `listed_bodies` reads them
    rows = [read_as_values(found, LISTED_BODY_FIELDS) for found in listed]
    with translation.override(language):
        expected = Template(BODY_LIST_LOOP).render(
            Context({"municipality": MUNICIPALITY, "bodies": listed})
        )
        assert body_list_rows(rows, municipality=MUNICIPALITY) == expected


@settings(max_examples=100, deadline=None)
@given(listed=bodies)
def test_body_calendar_links_are_the_template_rows(listed) -> None:
    rows = [read_as_values(found, ("slug", "name")) for found in listed if found.is_public]
    expected = Template(CALENDAR_LOOP).render(
        Context({"municipality": MUNICIPALITY, "bodies": listed})
    )
    assert body_calendar_links(rows, municipality=MUNICIPALITY) == expected


# The paper search's results, as they stood in bodies/_paper_results.html (the rows apart).
PAPER_RESULTS = (
    "{% load i18n %}{% if page.papers %}\n"
    '  <p class="kern-body qs-bodies-range" tabindex="-1" data-qs-focus-start>'
    "{% if page.more_than_count %}{% blocktranslate with first=first_shown last=last_shown "
    "count=page.count %}Results {{ first }}–{{ last }} of more than {{ count }}"
    "{% endblocktranslate %}{% else %}{% blocktranslate with first=first_shown "
    "last=last_shown count=page.count %}Results {{ first }}–{{ last }} of {{ count }}"
    "{% endblocktranslate %}{% endif %}</p>\n{% endif %}\n"
    '<ul class="kern-list">\n  {{ paper_rows }}\n</ul>\n'
    "{% if page.next_cursor or request.GET.nach %}\n"
    '  <nav class="qs-pagination" aria-label="{% translate \'Pages\' %}">'
    '<ul class="qs-inline-list">\n'
    '    {% if request.GET.nach %}<li><a class="kern-link" href="?{{ query }}" '
    'hx-get="?{{ query|default:\'q=\' }}" hx-target="#paper-results" '
    'hx-push-url="true">{% translate "First page" %}</a></li>{% endif %}\n'
    '    {% if page.next_cursor %}<li><a class="kern-link" rel="next" '
    'href="?{% if query %}{{ query }}&amp;{% endif %}nach={{ page.next_cursor.encode }}'
    '&amp;ab={{ last_shown|add:1 }}" hx-get="?{% if query %}{{ query }}&amp;{% endif %}'
    'nach={{ page.next_cursor.encode }}&amp;ab={{ last_shown|add:1 }}" '
    'hx-target="#paper-results" hx-push-url="true">{% translate "Next page" %}</a></li>'
    "{% endif %}\n  </ul></nav>\n{% endif %}\n"
)
cursors = st.one_of(
    st.none(),
    st.builds(
        Cursor,
        st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 1, 1)),
        ids,
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    shown=st.integers(0, 20),
    count=st.integers(0, 10**7),
    more=st.booleans(),
    cursor=cursors,
    first=st.integers(1, 10**6),
    query=st.one_of(tricky, st.sampled_from(["", "q=a+b&typ=antrag", "q=%3Cb%3E&x=1"])),
    nach=st.one_of(st.none(), tricky),
    language=st.sampled_from(LANGUAGES),
)
def test_paper_results_are_the_template(
    shown, count, more, cursor, first, query, nach, language
) -> None:
    page = PaperPage([{"pk": n} for n in range(shown)], count, more, cursor)
    rows = mark_safe("<li>rows</li>")
    last = first + shown - 1
    request = RequestFactory().get("/", {} if nach is None else {"nach": nach})
    with translation.override(language):
        expected = Template(PAPER_RESULTS).render(
            Context(
                {
                    "page": page,
                    "paper_rows": rows,
                    "first_shown": first,
                    "last_shown": last,
                    "query": query,
                    "request": request,
                }
            )
        )
        assert (
            paper_results(
                page,
                rows=rows,
                first=first,
                last=last,
                query=query,
                asked_after=bool(request.GET.get("nach")),
            )
            == expected
        )


# The blocks `head` and `content` of bodies/paper_search.html, as they stood.
PAPER_SEARCH_HEAD = (
    "{% load i18n static %}"
    '<link rel="stylesheet" href="{% static \'bodies/bodies.css\' %}">'
    '<link rel="alternate" type="application/atom+xml" '
    "title=\"{% translate 'Papers matching this search' %}\" "
    "href=\"{% murl 'bodies:paper_feed' %}{% if query %}?{{ query }}{% endif %}\">"
)
PAPER_SEARCH_CONTENT = """{% load i18n %}
  <p class="kern-body"><a class="kern-link" href="{% murl 'bodies:body_list' %}">{% translate "Bodies and meetings" %}</a></p>
  <h1 class="kern-heading-large">{% translate "Search papers" %}</h1>
  <p class="kern-body">{% translate "Submissions, motions, inquiries and communications, with the text of their documents." %}</p>
  {% if form.errors %}{{ form.error_summary }}<p class="kern-body">{% translate "Please check the dates: they are shown as all papers until corrected." %}</p>{% endif %}
  <form method="get" action="{% murl 'bodies:paper_search' %}" class="qs-bodies-search" role="search" aria-label="{% translate 'Search papers' %}" novalidate>
    {{ form_markup }}
    <div><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">{% translate "Search" %}</span></button></div>
  </form>
  <p class="kern-body" role="status">{% if page.more_than_count %}{% blocktranslate with limit=page.count %}More than {{ limit }} papers.{% endblocktranslate %}{% else %}{% blocktranslate count counter=page.count %}{{ counter }} paper.{% plural %}{{ counter }} papers.{% endblocktranslate %}{% endif %}</p>
  <div id="paper-results" data-qs-focus-after-swap>
    {{ results }}
  </div>
  <section aria-labelledby="follow">
    <h2 class="kern-heading-medium" id="follow">{% translate "Follow this search" %}</h2>
    <ul class="kern-list qs-bodies-feeds">
      <li><a class="kern-link" href="{% murl 'bodies:paper_feed' %}{% if query %}?{{ query }}{% endif %}">{% translate "News feed (Atom)" %}</a></li>
      <li><a class="kern-link" href="{% murl 'bodies:subscribe' %}{% if query %}?{{ query }}{% endif %}">{% translate "News by e-mail" %}</a></li>
    </ul>
  </section>
"""  # noqa: E501
queries = st.one_of(tricky, st.sampled_from(["", "q=a+b&typ=antrag", "q=%3Cb%3E&x=1"]))


@dataclass
class _Form:
    """What the block asks of the search form: its errors and their summary."""

    errors: bool
    summary: str

    def error_summary(self) -> SafeString:
        return mark_safe(self.summary)


@settings(max_examples=300, deadline=None)
@given(
    count=st.integers(0, 10**7),
    more=st.booleans(),
    form=st.one_of(
        st.none(), st.builds(_Form, st.booleans(), st.sampled_from(["", "<div>errors</div>"]))
    ),
    query=queries,
    language=st.sampled_from(LANGUAGES),
    slug=st.sampled_from(["mannheim", "bamberg"]),
)
def test_paper_search_blocks_are_the_template(count, more, form, query, language, slug) -> None:
    municipality = Municipality(pk=1, slug=slug, name="Stadt")
    page = PaperPage([], count, more, None)
    markup, results = mark_safe("<input>"), mark_safe("<ul>results</ul>")
    context = {
        "municipality": municipality,
        "form": form,
        "form_markup": markup,
        "page": page,
        "results": results,
        "query": query,
    }
    with translation.override(language):
        assert paper_search_head(municipality=municipality, query=query) == Template(
            PAPER_SEARCH_HEAD
        ).render(Context(context))
        assert paper_search_content(
            municipality=municipality,
            errors=form.error_summary() if form is not None and form.errors else None,
            form_markup=markup,
            page=page,
            results=results,
            query=query,
        ) == Template(PAPER_SEARCH_CONTENT).render(Context(context))
