"""The page frame is rendered once and reused (core/chrome.py): what differs per person, page
and language must still differ, and a change of the municipality must show at once."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import Client

from conftest import signed_in_client
from querschnitt.core.models import Municipality
from querschnitt.core.services import municipality_update

pytestmark = pytest.mark.django_db

LANGUAGE_LINK = re.compile(r'href="/sprache/en/\?next=([^"]*)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_language_menu_comes_back_to_each_page_of_its_own() -> None:
    client = Client()
    first = client.get("/mannheim/impressum/").content.decode()
    second = client.get("/mannheim/akteure/?q=sport&art=association").content.decode()
    assert LANGUAGE_LINK.findall(first) == ["/mannheim/impressum/"]
    assert LANGUAGE_LINK.findall(second) == ["/mannheim/akteure/%3Fq%3Dsport%26art%3Dassociation"]


def test_every_sign_out_form_carries_the_token_of_its_own_session() -> None:
    for email in ("team@mannheim.example", "verein@mannheim.example"):
        client = signed_in_client(email)
        client.handler.enforce_csrf_checks = True
        page = client.get("/mannheim/impressum/").content.decode()
        [token] = CSRF_FIELD.findall(page)
        signed_out = client.post("/mannheim/konto/abmelden/", {"csrfmiddlewaretoken": token})
        assert signed_out.status_code == 302, email


def test_signed_in_and_anonymous_visitors_get_their_own_menus() -> None:
    staff = signed_in_client("team@mannheim.example").get("/mannheim/").content.decode()
    anonymous = Client().get("/mannheim/").content.decode()
    representative = signed_in_client("verein@mannheim.example").get("/mannheim/")
    assert "/mannheim/verwaltung/" in staff
    assert "Abmelden" in staff
    assert "/mannheim/verwaltung/" not in anonymous
    assert "Abmelden" not in anonymous
    assert "/mannheim/konto/anmelden/" in anonymous
    assert 'name="csrfmiddlewaretoken"' not in anonymous
    assert "Abmelden" in representative.content.decode()


def test_a_change_of_the_municipality_shows_in_the_frame_at_once(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    assert "Stadt Mannheim-Nord" not in client.get("/mannheim/").content.decode()
    languages = client.get("/mannheim/impressum/").content.decode()
    assert 'hreflang="fa"' not in languages
    with django_capture_on_commit_callbacks(execute=True):
        municipality_update(
            municipality=mannheim,
            by=None,
            name="Stadt Mannheim-Nord",
            languages=[*mannheim.languages, "fa"],
        )
    page = client.get("/mannheim/impressum/").content.decode()
    assert '<span class="qs-brand__name" lang="de">Stadt Mannheim-Nord</span>' in page
    assert 'hreflang="fa"' in page


def test_each_language_and_municipality_has_its_own_frame() -> None:
    client = Client()
    german = client.get("/mannheim/").content.decode()
    client.cookies["qs_language"] = "en"
    english = client.get("/mannheim/").content.decode()
    del client.cookies["qs_language"]
    bamberg = client.get("/bamberg/").content.decode()
    assert "Zum Inhalt springen" in german
    assert "Skip to content" in english
    assert 'href="/mannheim/impressum/"' in german
    assert 'href="/bamberg/impressum/"' in bamberg
    assert Municipality.objects.get(slug="bamberg").name in bamberg


def test_the_staff_menu_is_made_for_each_set_of_links() -> None:
    team = signed_in_client("team@mannheim.example")
    admin = signed_in_client("admin@mannheim.example")
    for _round in range(2):
        team_page = team.get("/mannheim/verwaltung/").content.decode()
        admin_page = admin.get("/mannheim/verwaltung/").content.decode()
        assert "/mannheim/verwaltung/protokoll/" not in team_page
        assert "/mannheim/verwaltung/protokoll/" in admin_page
    current = admin.get("/mannheim/verwaltung/protokoll/").content.decode()
    assert 'href="/mannheim/verwaltung/protokoll/" aria-current="page"' in current
    dashboard = admin.get("/mannheim/verwaltung/").content.decode()
    assert 'href="/mannheim/verwaltung/" aria-current="page"' in dashboard
    assert 'href="/mannheim/verwaltung/protokoll/" aria-current' not in dashboard


ENGINE = Engine(builtins=["querschnitt.core.templatetags.querschnitt"])


def test_slots_are_put_in_at_every_render_escaped_as_the_template_would() -> None:
    plain = Template("<p>{{ kind }}: {{ value }}</p>", engine=ENGINE)
    sectioned = Template(
        "{% chrome kind value=value %}<p>{{ kind }}: {{ value }}</p>{% endchrome %}",
        engine=ENGINE,
    )
    for value in ["<b>\"x\"</b> & 'y'", "plain", "", 7]:
        for kind in ("a", "b"):
            context = {"kind": kind, "value": value}
            assert sectioned.render(Context(context)) == plain.render(Context(context))


def test_a_section_cannot_hold_a_block() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% chrome %}{% block title %}{% endblock %}{% endchrome %}", engine=ENGINE)


def frame_pages(client: Client, slug: str) -> dict[str, str]:
    pages = {}
    for language in ("de", "ar", "fa"):
        client.cookies["qs_language"] = language
        pages[language] = client.get(f"/{slug}/impressum/").content.decode()
    return pages


def test_what_the_frame_shows_changes_at_once_in_every_language_and_only_in_its_city(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    before = frame_pages(client, "bamberg")
    assert 'hreflang="fa"' not in frame_pages(client, "mannheim")["ar"]
    with django_capture_on_commit_callbacks(execute=True):
        municipality_update(
            municipality=mannheim,
            by=None,
            name="Stadt Mannheim-Nord",
            office_name="Büro für Zusammenleben",
            languages=[*mannheim.languages, "fa"],
        )
    for language, page in frame_pages(client, "mannheim").items():
        assert f'<html lang="{language}"' in page
        assert '<span class="qs-brand__name" lang="de">Stadt Mannheim-Nord</span>' in page
        assert '<span class="qs-brand__office" lang="de">Büro für Zusammenleben</span>' in page
        assert 'hreflang="fa"' in page or language == "fa"
        assert f"?v={int(mannheim.updated_at.timestamp())}" in page
    assert frame_pages(client, "bamberg") == before


def test_a_list_s_title_description_and_stylesheet_follow_the_frame(
    mannheim, django_capture_on_commit_callbacks, settings
) -> None:
    admin = signed_in_client("admin@mannheim.example")
    page = admin.get("/mannheim/verwaltung/akteure/").content.decode()
    assert "<title>Organisationen – Mannheim · Querschnitt</title>" in page
    assert 'content="Integration und Migration in Mannheim:' in page
    assert 'href="/static/network/network.css"' in page
    admin.cookies["qs_language"] = "en"
    english = admin.get("/mannheim/verwaltung/akteure/").content.decode()
    assert "<title>Organisations – Mannheim · Querschnitt</title>" in english
    with django_capture_on_commit_callbacks(execute=True):
        municipality_update(municipality=mannheim, by=None, name="Stadt Mannheim-Nord")
    settings.STATIC_URL = "/files/"
    renamed = admin.get("/mannheim/verwaltung/akteure/").content.decode()
    assert "<title>Organisations – Stadt Mannheim-Nord · Querschnitt</title>" in renamed
    assert 'content="Integration and migration in Stadt Mannheim-Nord:' in renamed
    assert 'href="/files/network/network.css"' in renamed


def test_a_change_of_other_data_keeps_the_frame(django_capture_on_commit_callbacks) -> None:
    from querschnitt.core.chrome import _nodes
    from querschnitt.core.page_cache import municipality_content_changed

    client = Client()
    first = client.get("/mannheim/impressum/").content.decode()
    sections = {
        (id(node), key): parts
        for node in _nodes
        for key, (_version, parts) in node.sections.items()
    }
    assert sections
    with django_capture_on_commit_callbacks(execute=True):
        municipality_content_changed(Municipality.objects.get(slug="mannheim").pk)
    assert client.get("/mannheim/impressum/").content.decode() == first
    kept = {
        (id(node), key): parts
        for node in _nodes
        for key, (_version, parts) in node.sections.items()
    }
    assert all(kept[where] is parts for where, parts in sections.items())


class Message:
    def __init__(self, text: str, level_tag: str) -> None:
        self.text = text
        self.level_tag = level_tag

    def __str__(self) -> str:
        return self.text


@pytest.mark.parametrize(
    "messages",
    [
        [],
        None,
        [Message("Gespeichert <b>&</b>", "success")],
        [Message("Fehler", "error"), Message("Hinweis", ""), Message("Achtung", "warning")],
    ],
)
def test_the_shown_messages_are_the_included_template(messages: list[Message] | None) -> None:
    engine = Engine.get_default()
    context = {} if messages is None else {"messages": messages}
    included = engine.from_string('{% include "core/components/messages.html" %}')
    shown = engine.from_string("{% shown_messages %}")
    assert shown.render(Context(context)) == included.render(Context(context))


def test_a_message_waiting_in_its_cookie_is_shown_in_the_frame() -> None:
    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Gespeichert & fertig")
    response = HttpResponse()
    storage.update(response)
    client = Client()
    client.cookies["messages"] = response.cookies["messages"].value
    page = client.get("/mannheim/impressum/").content.decode()
    assert '<div class="qs-messages">' in page
    assert "kern-alert--success" in page
    assert "Gespeichert &amp; fertig" in page
    assert '<div class="qs-messages">' not in client.get("/mannheim/impressum/").content.decode()
