"""The start page's section of the bodies, read by plain SQL and written in Python, shows
byte for byte what the template loop over the ORM's meetings showed, in every language."""

from datetime import timedelta

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_scopes import scope

from querschnitt.bodies.models import Location, Meeting
from querschnitt.bodies.selectors.meetings import upcoming_meetings
from querschnitt.bodies.start_page import drawn_meetings, start_section
from querschnitt.bodies.visibility import PUBLIC
from querschnitt.core import start_page

pytestmark = pytest.mark.django_db

# bodies/start_section.html before its rows were written in Python
BEFORE = """{% load i18n %}<section aria-labelledby="meetings">
  <h2 class="kern-heading-medium" id="meetings">{% translate "Next public meetings" %}</h2>
  <ul class="kern-list">
    {% for meeting in section.meetings %}{% include "bodies/_meeting_row.html" %}{% empty %}<li>{% translate "No public meetings are planned at the moment." %}</li>{% endfor %}
  </ul>
  <p class="kern-body"><a class="kern-link" href="{% murl 'bodies:meeting_calendar' %}">{% translate "Meeting calendar" %}</a> · <a class="kern-link" href="{% murl 'bodies:paper_search' %}">{% translate "Search papers" %}</a></p>
</section>
"""  # noqa: E501


def both(municipality) -> tuple[str, str]:
    start_page.forget_sections()
    before = engines["django"].from_string(BEFORE)
    with scope(municipality=municipality):
        meetings = upcoming_meetings(municipality=municipality, viewer=PUBLIC, limit=4)
        old = before.render({"municipality": municipality, "section": {"meetings": meetings}})
    new = render_to_string(
        "bodies/start_section.html",
        {
            "municipality": municipality,
            "section": start_section(municipality, drawn_meetings(municipality)),
        },
    )
    return old, new


def test_the_section_shows_what_the_template_loop_showed(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        body = Meeting.objects.filter(body__is_public=True).first().body
        place = Location.objects.create(municipality=mannheim, description="Saal <A>", room="3")
        for hours, location, online, published in (
            (-2, place, "", True),
            (1, None, "https://example.org/x", True),
            (2, place, "", False),
        ):
            Meeting.objects.create(
                municipality=mannheim,
                body=body,
                name=f"Sitzung <{hours}> & Co",
                start=timezone.now() + timedelta(hours=hours),
                location=location,
                online_url=online,
                published_at=timezone.now() if published else None,
            )
    for municipality in (mannheim, bamberg):
        for language in ("de", "ar", "fa", "en"):
            with translation.override(language):
                old, new = both(municipality)
            assert new == old, (municipality.slug, language)
    with translation.override("de"):
        old, new = both(mannheim)
    assert "Sitzung &lt;-2&gt; &amp; Co" in new
    assert "Saal &lt;A&gt;, 3" in new
    assert "Sitzung &lt;2&gt;" not in new  # not published
    with scope(municipality=mannheim):
        Meeting.objects.filter(start__gte=timezone.now() - timedelta(days=1)).delete()
    with translation.override("ar"):
        old, new = both(mannheim)
    assert new == old
    assert "<li>" in new


def test_the_meetings_kept_are_the_meetings_read(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        start_page.forget_sections()
        read = start_section(municipality, drawn_meetings(municipality))
        kept = start_section(municipality, drawn_meetings(municipality))
        assert read is not None
        assert kept is not None
        assert read["meetings"]
        assert kept["meetings"] == read["meetings"]
        assert kept["rows"]() == read["rows"]()
