"""Formats, the questions an event asks, and a format's external calendar."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.events.fetch import calendar_url_check
from querschnitt.events.models import CalendarSubscription, Event, Format, Question
from querschnitt.events.services.common import check_same_municipality

FORMAT_FIELDS = ("name", "slug", "purpose", "rhythm", "body", "accepts_submissions", "is_active")
QUESTION_FIELDS = ("label", "kind", "choices", "required", "order")
SUBSCRIPTION_FIELDS = ("url", "organisation", "active", "every_hours")


def _unique_slug(municipality: Municipality, name: str, exclude: int | None = None) -> str:
    base = slugify(name)[:70] or "format"
    slug, counter = base, 2
    taken = Format.objects.filter(municipality=municipality).exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def format_create(*, municipality: Municipality, by: Any, **fields: Any) -> Format:
    """A new format (Runder Tisch, Fachforum, MigrationsFORUM …)."""
    fields = {name: value for name, value in fields.items() if name in FORMAT_FIELDS}
    check_same_municipality(municipality, body=fields.get("body"))
    if not fields.get("slug"):
        fields["slug"] = _unique_slug(municipality, fields.get("name", ""))
    found = Format(municipality=municipality, **fields)
    found.full_clean()
    found.save()
    audit_record(municipality=municipality, actor=by, action="format.created", target=found)
    return found


@transaction.atomic
def format_update(*, format: Format, by: Any, **fields: Any) -> Format:
    check_same_municipality(format.municipality, body=fields.get("body"))
    before = snapshot(format)
    for name, value in fields.items():
        if name in FORMAT_FIELDS:
            setattr(format, name, value)
    format.full_clean()
    format.save()
    audit_record(
        municipality=format.municipality,
        actor=by,
        action="format.updated",
        target=format,
        changes=field_changes(before, format),
    )
    return format


@transaction.atomic
def subscription_save(*, format: Format, by: Any, **fields: Any) -> CalendarSubscription:
    """Subscribe the format to an external calendar (or change the subscription)."""
    fields = {name: value for name, value in fields.items() if name in SUBSCRIPTION_FIELDS}
    check_same_municipality(format.municipality, organisation=fields.get("organisation"))
    if "url" in fields:
        fields["url"] = calendar_url_check(fields["url"])
    subscription = CalendarSubscription.objects.filter(
        municipality=format.municipality, format=format
    ).first()
    created = subscription is None
    if subscription is None:
        subscription = CalendarSubscription(municipality=format.municipality, format=format)
    before = snapshot(subscription)
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.full_clean()
    subscription.save()
    audit_record(
        municipality=format.municipality,
        actor=by,
        action="calendar_subscription.created" if created else "calendar_subscription.updated",
        target=format,
        changes=field_changes(before, subscription),
    )
    return subscription


def _check_question(question: Question) -> None:
    if question.kind == Question.Kind.CHOICE:
        options = [option for option in question.choices if option.get("de")]
        if len(options) < 2:
            raise ValidationError({"choices": _("A choice needs at least two options.")})
        question.choices = options
    else:
        question.choices = []
    if not (question.label or {}).get("de"):
        raise ValidationError({"label_de": _("Write the question in German.")})


@transaction.atomic
def question_create(*, event: Event, by: Any, **fields: Any) -> Question:
    """A question everyone who registers for the event answers."""
    fields = {name: value for name, value in fields.items() if name in QUESTION_FIELDS}
    question = Question(municipality_id=event.municipality_id, event=event, **fields)
    _check_question(question)
    question.full_clean()
    question.save()
    audit_record(
        municipality=event.municipality,
        actor=by,
        action="question.created",
        target=event,
        changes={"question": question.label.get("de", "")},
    )
    return question


@transaction.atomic
def question_update(*, question: Question, by: Any, **fields: Any) -> Question:
    before = snapshot(question)
    for name, value in fields.items():
        if name in QUESTION_FIELDS:
            setattr(question, name, value)
    _check_question(question)
    question.full_clean()
    question.save()
    audit_record(
        municipality=question.event.municipality,
        actor=by,
        action="question.updated",
        target=question.event,
        changes=field_changes(before, question),
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, by: Any) -> None:
    """Remove a question; answers already given stay with their registrations."""
    audit_record(
        municipality=question.event.municipality,
        actor=by,
        action="question.deleted",
        target=question.event,
        changes={"question": question.label.get("de", "")},
    )
    question.delete()
