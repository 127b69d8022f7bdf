"""Personal data in the measures (registered in `apps.py`): the contact person of a proposal
(name and e-mail, for the answer), the account that proposed it, and mentions in the texts of
steps and reports. Frozen editions never name a person, so nothing frozen needs erasing."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import Holding, Person, Provider, mentions, scrub, text_q
from querschnitt.core.translation import translate
from querschnitt.measures.models import Measure, ProgressReport, StateChange

PROPOSALS = "measures.proposals"
MENTIONS = "measures.mentions"
TEXTS = {StateChange: ("answer", "note", "resolution"), ProgressReport: ("reason", "milestones")}


def proposals(municipality: Municipality, person: Person) -> list[Measure]:
    found = Q(proposer_email__iexact=person.email)
    if person.user_ids:
        found |= Q(proposed_by__in=person.user_ids)
    return list(Measure.objects.filter(found, municipality=municipality).order_by("key"))


def mentioned(municipality: Municipality, person: Person) -> list[Any]:
    rows: list[Any] = []
    for model, fields in TEXTS.items():
        candidates = model.objects.filter(text_q(fields, person.needles), municipality=municipality)
        rows += [
            row
            for row in candidates
            if mentions([getattr(row, name) for name in fields], person.needles)
        ]
    return rows


def find(*, municipality: Municipality, person: Person) -> list[Holding]:
    rows = proposals(municipality, person)
    return [
        Holding(
            PROPOSALS,
            _("Proposals of measures"),
            len(rows),
            _("The measures stay; the contact person and the account are removed from them."),
            names=frozenset(
                row.proposer_name
                for row in rows
                if row.proposer_name and row.proposer_email.lower() == person.email
            ),
        ),
        Holding(
            MENTIONS,
            _("Mentions in steps and reports of measures"),
            len(mentioned(municipality, person)),
            _("The name and address are replaced in the texts."),
        ),
    ]


def export(*, municipality: Municipality, person: Person) -> dict[str, list[dict[str, Any]]]:
    return {
        PROPOSALS: [
            {
                "measure": row.key,
                "title": translate(row.title, "de").text,
                "contact_person": row.proposer_name,
                "contact_email": row.proposer_email,
                "proposed_on": row.proposed_on.isoformat(),
            }
            for row in proposals(municipality, person)
        ],
        MENTIONS: [
            {name: getattr(row, name) for name in TEXTS[type(row)]}
            for row in mentioned(municipality, person)
        ],
    }


def erase(*, municipality: Municipality, person: Person) -> dict[str, int]:
    rows = proposals(municipality, person)
    for row in rows:
        if row.proposer_email.lower() == person.email:
            row.proposer_name = row.proposer_email = ""
        if row.proposed_by_id in person.user_ids:
            row.proposed_by = None
        row.proposer_name = scrub(row.proposer_name, person.needles)
        row.save(update_fields=["proposer_name", "proposer_email", "proposed_by"])
    texts = mentioned(municipality, person)
    for row in texts:
        fields = TEXTS[type(row)]
        for name in fields:
            setattr(row, name, scrub(getattr(row, name), person.needles))
        row.save(update_fields=list(fields))
    return {PROPOSALS: len(rows), MENTIONS: len(texts)}


PROVIDER = Provider(key="measures", find=find, export=export, erase=erase, order=400)
