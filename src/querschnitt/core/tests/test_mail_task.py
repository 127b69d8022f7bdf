"""E-mail leaves through the database task queue and is delivered by the worker."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

QUEUED_MAIL = {
    "MAILERS": {
        "default": {"BACKEND": "querschnitt.core.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    },
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
}


@pytest.mark.django_db(transaction=True)
def test_mail_is_queued_and_delivered_by_the_worker() -> None:
    with override_settings(**QUEUED_MAIL):
        send_mail("Willkommen", "Hallo Welt", "office@mannheim.example", ["neu@example.org"])
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Willkommen"]
    assert mail.outbox[0].to == ["neu@example.org"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
