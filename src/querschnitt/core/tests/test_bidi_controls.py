"""Bidirectional control characters in names stay out of page titles and e-mail subjects: the
municipality's name (in every title), a department's and a person's name, and every e-mail
that leaves through the queue."""

import re

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.test import Client, override_settings
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core.models import Department, Municipality
from querschnitt.core.text import BIDI_CONTROLS, without_bidi_controls

pytestmark = pytest.mark.django_db

CONTROLS = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
NAME = f"Mann\u202eheim\u202c \u2067Nord\u2069{CONTROLS}"
SHOWN = without_bidi_controls(NAME)
QUEUED_MAIL = {
    "default": {"BACKEND": "querschnitt.core.mail.TaskEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


def title_of(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found is not None
    return found.group(1)


def test_the_removed_characters_are_exactly_the_bidirectional_controls() -> None:
    assert set(CONTROLS) == BIDI_CONTROLS
    assert without_bidi_controls(f"a{CONTROLS}b\u200dc") == "ab\u200dc"  # joiners stay


def test_titles_keep_out_the_controls_of_names(mannheim: Municipality) -> None:
    Municipality.objects.filter(pk=mannheim.pk).update(name=NAME)
    with scope(municipality=mannheim):
        department = Department.objects.create(municipality=mannheim, name=f"Amt {NAME}")
    member = User.objects.get(email="team@mannheim.example")
    User.objects.filter(pk=member.pk).update(full_name=f"Sam {NAME}")
    admin = signed_in_client("admin@mannheim.example")
    for client, path, shown in [
        (Client(), "/mannheim/", SHOWN),
        (Client(), "/mannheim/impressum/", SHOWN),
        (admin, "/mannheim/verwaltung/", SHOWN),
        (admin, f"/mannheim/verwaltung/dienststellen/{department.pk}/", f"Amt {SHOWN}"),
        (admin, f"/mannheim/verwaltung/benutzer/{member.pk}/", f"Sam {SHOWN}"),
    ]:
        title = title_of(client, path)
        assert not BIDI_CONTROLS & set(title), (path, ascii(title))
        assert shown in title, (path, title)


def test_every_queued_mail_loses_the_controls_in_its_subject() -> None:
    with override_settings(MAILERS=QUEUED_MAIL):
        send_mail(f"Neue Anfrage: {NAME}", "Hallo", None, ["office@example.org"])
    assert [message.subject for message in mail.outbox] == [f"Neue Anfrage: {SHOWN}"]
