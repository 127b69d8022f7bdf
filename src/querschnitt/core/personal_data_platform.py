"""Personal data in the platform's own records: the audit trail and the records of background
tasks (every e-mail sent). Registered last, so they see what the apps found."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.personal_data import (
    Holding,
    Person,
    Provider,
    erased_label,
    json_value,
    mentions,
    scrub,
    text_q,
)

AUDIT = "core.audit_entries"
TASKS = "core.task_results"
MAIL_TASK = "querschnitt.core.tasks.deliver_email"


def _audit_entries(municipality: Municipality, person: Person) -> list[AuditEntry]:
    query = text_q(["actor_label", "target_label", "changes"], person.needles)
    if person.user_ids:
        query |= Q(actor_id__in=person.user_ids)
    for target_type, target_id in person.references:
        query |= Q(target_type=target_type, target_id=target_id)
    candidates = AuditEntry.objects.filter(query, municipality=municipality).order_by("id")
    return [entry for entry in candidates if _concerns(entry, person)]


def _concerns(entry: AuditEntry, person: Person) -> bool:
    return (
        entry.actor_id in person.user_ids
        or (entry.target_type, entry.target_id) in person.references
        or mentions([entry.actor_label, entry.target_label, entry.changes], person.needles)
    )


def _task_results(municipality: Municipality, person: Person) -> list[DBTaskResult]:
    """Tasks run on behalf of the municipality (each task names it) that mention the person."""
    query = text_q(["args_kwargs", "return_value", "traceback"], person.needles)
    candidates = DBTaskResult.objects.filter(
        query, args_kwargs__kwargs__municipality_id=municipality.pk
    ).order_by("enqueued_at")
    return [
        result
        for result in candidates
        if mentions([result.args_kwargs, result.return_value, result.traceback], person.needles)
    ]


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    return [
        Holding(
            AUDIT,
            _("Entries of the audit trail"),
            len(_audit_entries(municipality, person)),
            _("The entries stay; the person's name, address and values are removed from them."),
        ),
        Holding(
            TASKS,
            _("Records of e-mails sent"),
            len(_task_results(municipality, person)),
            _("The records stay; address and text of the e-mails are removed."),
        ),
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    return {
        AUDIT: [
            {
                "when": json_value(entry.created_at),
                "by": entry.actor_label,
                "action": entry.action,
                "object": entry.target_label,
                "changes": entry.changes,
            }
            for entry in _audit_entries(municipality, person)
        ],
        TASKS: [
            {
                "when": json_value(result.enqueued_at),
                "task": result.task_path,
                "status": result.status,
                "content": result.args_kwargs,
            }
            for result in _task_results(municipality, person)
        ],
    }


def _scrub_mail(arguments: dict[str, Any], needles: list[str]) -> dict[str, Any]:
    """An e-mail to or about the person loses its text, and the address wherever it stands."""
    payload = arguments.get("kwargs", {}).get("payload")
    if isinstance(payload, dict):
        payload["body"] = ""
        payload["alternatives"] = []
    return scrub(arguments, needles)


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    entries = _audit_entries(municipality, person)
    for entry in entries:
        if entry.actor_id in person.user_ids:
            entry.actor = None
            entry.actor_label = erased_label()
        if (entry.target_type, entry.target_id) in person.references:
            entry.target_label = erased_label()
        entry.actor_label = scrub(entry.actor_label, person.needles)
        entry.target_label = scrub(entry.target_label, person.needles)
        entry.changes = scrub(entry.changes, person.needles)
    AuditEntry.objects.bulk_update(entries, ["actor", "actor_label", "target_label", "changes"])

    results = _task_results(municipality, person)
    # A queued e-mail to the person is not sent any more; a task a worker runs is left alone.
    waiting = list(
        DBTaskResult.objects.select_for_update(skip_locked=True)
        .filter(pk__in=[result.pk for result in results if result.status == "READY"])
        .values_list("pk", flat=True)
    )
    DBTaskResult.objects.filter(pk__in=waiting).delete()
    finished = [result for result in results if result.status in {"SUCCESSFUL", "FAILED"}]
    for result in finished:
        if result.task_path == MAIL_TASK:
            result.args_kwargs = _scrub_mail(result.args_kwargs, person.needles)
        else:
            result.args_kwargs = scrub(result.args_kwargs, person.needles)
        result.return_value = scrub(result.return_value, person.needles)
        result.traceback = scrub(result.traceback, person.needles)
    DBTaskResult.objects.bulk_update(finished, ["args_kwargs", "return_value", "traceback"])
    return {AUDIT: len(entries), TASKS: len(finished) + len(waiting)}


PROVIDER = Provider(key="core", find=find, export=export, erase=erase, order=900)
