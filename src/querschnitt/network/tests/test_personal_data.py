"""A person's data across the platform: found, exported and erased so that neither the address
nor the name is left in any table, while the facts the law requires to keep stay."""

import datetime
import io
import json
from typing import Any

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.db import models
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.services import role_assign, role_invitation_create
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.personal_data import person_erase, person_find
from querschnitt.network.models import (
    Consent,
    Contact,
    Declaration,
    District,
    ImportRun,
    Mailing,
    MailingRecipient,
    NetworkSettings,
    Organisation,
    Representative,
    Signature,
)
from querschnitt.network.selectors.mailings import Segment
from querschnitt.network.services import declarations as signing
from querschnitt.network.services.contacts import consent_create, contact_create
from querschnitt.network.services.entries import entry_request_submit, organisation_change_submit
from querschnitt.network.services.mailings import mailing_create, mailing_dispatch
from querschnitt.network.tests.test_mailings_segments import make_organisation
from querschnitt.portal.services import accessibility_feedback_submit

EMAIL = "joerdis.quellenberg@example.org"
NAME = "Jördis Quellenberg"
ADMIN = "admin@mannheim.example"
PAGE = "/mannheim/verwaltung/personendaten/"
BASE = "http://testserver"


def text_fields(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField, models.BinaryField)
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, kinds) and not field.primary_key
    ]


def leftovers(*needles: str) -> list[str]:
    """Every (table, column) of every model in which one of the needles still occurs."""
    folded = [needle.casefold() for needle in needles]
    found = []
    with scopes_disabled():
        for model in apps.get_models(include_auto_created=True):
            fields = text_fields(model)
            if not fields:
                continue
            for row in model._base_manager.values_list(*fields).iterator():
                for name, value in zip(fields, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("utf-8", "ignore")
                    elif isinstance(value, str):
                        text = value
                    else:
                        text = json.dumps(value, ensure_ascii=False, default=str)
                    if any(needle in text.casefold() for needle in folded):
                        found.append(f"{model._meta.db_table}.{name}")
    return sorted(set(found))


def mail_record(*, to: str, body: str, status: str, municipality_id: int) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={
            "args": [],
            "kwargs": {
                "payload": {
                    "subject": "Willkommen",
                    "body": body,
                    "from_email": "noreply@example.org",
                    "to": [to],
                    "cc": [],
                    "bcc": [],
                    "reply_to": [],
                    "headers": {},
                    "alternatives": [],
                },
                "municipality_id": municipality_id,
            },
        },
        task_path="querschnitt.core.tasks.deliver_email",
        backend_name="default",
        queue_name="default",
        run_after=now,
        finished_at=now if status == "SUCCESSFUL" else None,
        exception_class_path="",
        traceback="",
    )


@pytest.fixture
def person(mannheim: Municipality) -> dict[str, Any]:
    """One person known to Mannheim in every way the platform can know someone."""
    admin = User.objects.get(email=ADMIN)
    with scope(municipality=mannheim):
        NetworkSettings.objects.update_or_create(
            municipality=mannheim, defaults={"review_changes": True}
        )
        district = District.objects.create(municipality=mannheim, name="Quellenviertel")
        club = make_organisation(mannheim, "Ruderverein Quellenviertel", district=district)
        contact = contact_create(
            municipality=mannheim,
            by=admin,
            name=NAME,
            email=EMAIL.upper(),
            organisation=club,
            notes="Vorsitzende seit 2019.",
        )
        consent_create(
            contact=contact,
            by=admin,
            purpose=Consent.Purpose.MAILINGS,
            legal_basis=Consent.LegalBasis.CONSENT,
            given_on=datetime.date(2024, 3, 1),
            source="Formular beim Netzwerktreffen",
        )
        colleague = contact_create(
            municipality=mannheim,
            by=admin,
            name="Bert Nachbar",
            notes=f"Vertritt {NAME} im Urlaub ({EMAIL}).",
        )
        mailing = mailing_create(
            municipality=mannheim,
            by=admin,
            subject="Einladung zum Netzwerktreffen",
            body=f"Liebe Mitglieder, {NAME} lädt ein.",
            segment=Segment(districts=(district.pk,)),
        )
        mailing_dispatch(mailing=mailing, by=admin, base_url=BASE)

        declaration = Declaration.objects.get(municipality=mannheim, slug="mannheimer-erklaerung")
        signed = signing.signature_submit(
            declaration=declaration,
            organisation_name="Quellenberg Kulturwerkstatt",
            kind=Organisation.Kind.CULTURAL_INSTITUTION,
            street="Quellweg 1",
            postal_code="68159",
            city="Mannheim",
            signer_name=NAME,
            signer_function="Leitung",
            signer_email=EMAIL,
            base_url=BASE,
        )
        signing.signature_confirm(signature=signed)
        signing.signature_accept(signature=signed, by=admin, base_url=BASE)
        declined = signing.signature_submit(
            declaration=declaration,
            organisation_name="Quellenberg privat",
            kind=Organisation.Kind.OTHER,
            street="Quellweg 2",
            postal_code="68159",
            city="Mannheim",
            signer_name=NAME,
            signer_function="",
            signer_email=EMAIL,
            base_url=BASE,
        )
        signing.signature_confirm(signature=declined)
        signing.signature_decline(
            signature=declined, by=admin, reason=f"{NAME} hat als Privatperson unterschrieben."
        )
        request = entry_request_submit(
            municipality=mannheim,
            requester_name=NAME,
            requester_email=EMAIL,
            base_url=BASE,
            name="Quellenberg Nachbarschaftshilfe",
            kind=Organisation.Kind.ASSOCIATION,
            description={"de": "Hilfe unter Nachbarn."},
        )
        accessibility_feedback_submit(
            municipality=mannheim,
            page_url="/mannheim/akteure/",
            message="Die Karte ist ohne Maus nicht bedienbar.",
            name=NAME,
            email=EMAIL,
        )
        user = User.objects.create_user(email=EMAIL, password=None, full_name=NAME)
        role_assign(
            municipality=mannheim, user=user, role=Role.ORGANISATION_REPRESENTATIVE, by=admin
        )
        # and an invitation to another role, not yet accepted
        role_invitation_create(
            municipality=mannheim,
            email=EMAIL,
            full_name=NAME,
            role=Role.OFFICE_STAFF,
            by=admin,
            base_url=BASE,
        )
        Representative.objects.create(municipality=mannheim, organisation=club, user=user)
        organisation_change_submit(
            organisation=club, by=user, values={"public_email": EMAIL, "public_phone": "0621 1"}
        )
        ImportRun.objects.create(
            municipality=mannheim,
            file_name="liste.csv",
            content=f"Name;E-Mail\nRuderverein;{EMAIL}\n".encode(),
            report={"rows": [{"values": {"public_email": EMAIL}}]},
            created_by=admin,
        )
    AccessLog.objects.create(
        username=EMAIL,
        ip_address="192.0.2.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/mannheim/konto/anmelden/",
    )
    for status in ("SUCCESSFUL", "READY"):
        mail_record(to=EMAIL, body=f"Guten Tag {NAME}", status=status, municipality_id=mannheim.pk)
    return {
        "contact": contact,
        "colleague": colleague,
        "mailing": mailing,
        "signed": signed,
        "declined": declined,
        "request": request,
        "user": user,
        "club": club,
    }


@pytest.mark.django_db
def test_the_office_sees_what_is_held_and_exports_it(mannheim, person) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(PAGE, {"email": f"  {EMAIL.upper()} "})
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    for label in (
        "Kontakte mit ihren Einwilligungen",
        "Unterzeichnungen einer Erklärung",
        "Eintragsanfragen",
        "Rückmeldungen zur Barrierefreiheit",
        "Konto und Rollen",
        "Einträge im Protokoll",
    ):
        assert label in page, label

    response = client.post(PAGE + "export/", {"email": EMAIL, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    document = json.loads(response.content)
    kinds = {part["kind"]: part["records"] for part in document["data"]}
    assert kinds["network.contacts"][0]["consents"][0]["source"] == "Formular beim Netzwerktreffen"
    assert {row["state"] for row in kinds["network.signatures"]} == {"Angenommen", "Abgelehnt"}
    assert kinds["network.requests"][0]["name"] == NAME
    assert kinds["accounts.account"][0]["roles"][0]["role"] == "Vertretung einer Organisation"
    assert kinds["portal.accessibility_feedback"][0]["email"] == EMAIL
    assert kinds["network.mail_log"][0]["mailing"] == "Einladung zum Netzwerktreffen"
    assert kinds["core.task_results"]

    response = client.post(PAGE + "export/", {"email": EMAIL, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Kontakte mit ihren Einwilligung"]  # 31 characters at most
    assert [cell.value for cell in sheet[2]][:2] == [NAME, EMAIL.upper()]
    with scopes_disabled():
        exported = AuditEntry.objects.filter(action="personal_data.exported")
        assert exported.count() == 2
        assert EMAIL not in json.dumps(list(exported.values("changes", "target_label")))


@pytest.mark.django_db
def test_erasure_leaves_neither_address_nor_name_in_any_table(mannheim, person) -> None:
    assert leftovers(EMAIL, NAME), "the fixture stores the person"
    with scopes_disabled():
        audit_before = AuditEntry.objects.filter(municipality=mannheim).count()
    client = signed_in_client(ADMIN)

    confirm = client.post(PAGE + "loeschen/", {"email": EMAIL})
    assert confirm.status_code == 200
    assert "Erase now" in confirm.content.decode() or "Jetzt löschen" in confirm.content.decode()
    unconfirmed = client.post(PAGE + "loeschen/", {"email": EMAIL, "step": "erase"})
    assert unconfirmed.status_code == 400
    assert "Bestätigen Sie" in unconfirmed.content.decode()

    response = client.post(PAGE + "loeschen/", {"email": EMAIL, "step": "erase", "confirm": "on"})
    assert response.status_code == 302

    assert leftovers(EMAIL, NAME) == []
    with scopes_disabled():
        # The facts stay: the organisation signed, and when; the decision; the mailing.
        signed = Signature.objects.get(pk=person["signed"].pk)
        assert signed.state == Signature.State.ACCEPTED
        assert signed.organisation.name == "Quellenberg Kulturwerkstatt"
        assert signed.submitted_at == person["signed"].submitted_at
        assert (signed.signer_name, signed.signer_email) == ("", "")
        declined = Signature.objects.get(pk=person["declined"].pk)
        assert declined.decline_reason == "[gelöscht] hat als Privatperson unterschrieben."
        assert MailingRecipient.objects.filter(mailing=person["mailing"]).count() == 1
        assert Mailing.objects.get(pk=person["mailing"].pk).body.endswith("[gelöscht] lädt ein.")
        assert not Contact.objects.filter(pk=person["contact"].pk).exists()
        assert not Consent.objects.filter(contact_id=person["contact"].pk).exists()
        assert Contact.objects.filter(pk=person["colleague"].pk).exists()
        assert not Organisation.objects.filter(pk=person["request"].pk).exists()
        assert not User.objects.filter(pk=person["user"].pk).exists()
        assert Organisation.objects.get(pk=person["club"].pk).name == "Ruderverein Quellenviertel"
        # Audit entries keep their events; one more records the erasure.
        entries = AuditEntry.objects.filter(municipality=mannheim)
        assert entries.count() == audit_before + 1
        erased = entries.get(action="personal_data.erased")
        assert erased.actor.email == ADMIN
        assert erased.changes["records"]["network.contacts"] == 1
        assert entries.filter(action="signature.accepted", target_id=str(signed.pk)).exists()
        # The queued e-mail is not sent; the record of the sent one stays without text.
        assert not DBTaskResult.objects.filter(status="READY").exists()
        sent = DBTaskResult.objects.get(status="SUCCESSFUL")
        assert sent.args_kwargs["kwargs"]["payload"]["body"] == ""


@pytest.mark.django_db
def test_an_account_with_roles_elsewhere_only_loses_its_roles_here(
    mannheim, bamberg, person
) -> None:
    user = person["user"]
    RoleAssignment.objects.with_scopes_disabled().create(
        municipality=bamberg, user=user, role=Role.BODY_MEMBER
    )
    admin = User.objects.get(email=ADMIN)
    with scope(municipality=mannheim):
        person_erase(municipality=mannheim, email=EMAIL, by=admin)
    user.refresh_from_db()
    assert user.email == EMAIL
    roles = RoleAssignment.objects.with_scopes_disabled().filter(user=user)
    assert [role.municipality_id for role in roles] == [bamberg.pk]
    with scope(municipality=bamberg):
        _person, holdings = person_find(municipality=bamberg, email=EMAIL)
    assert {holding.key for holding in holdings} == {"accounts.account"}


@pytest.mark.django_db
def test_another_city_sees_nothing_of_mannheims_person(bamberg, person) -> None:
    client = signed_in_client("admin@bamberg.example")
    response = client.post("/bamberg/verwaltung/personendaten/", {"email": EMAIL})
    assert "hält unter dieser Adresse nichts" in response.content.decode()
    client.post(
        "/bamberg/verwaltung/personendaten/loeschen/",
        {"email": EMAIL, "step": "erase", "confirm": "on"},
    )
    assert leftovers(EMAIL), "Bamberg's erasure touched Mannheim's data"


@pytest.mark.django_db
def test_own_account_and_the_last_administrator_are_not_erased(mannheim) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(PAGE + "loeschen/", {"email": ADMIN})
    assert "Ihre eigenen Daten" in response.content.decode()
    assert "Jetzt löschen" not in response.content.decode()
    response = client.post(PAGE + "loeschen/", {"email": ADMIN, "step": "erase", "confirm": "on"})
    assert response.status_code == 400
    assert User.objects.filter(email=ADMIN).exists()
    operator = signed_in_client("betrieb@querschnitt.example")
    response = operator.post(PAGE + "loeschen/", {"email": ADMIN, "step": "erase", "confirm": "on"})
    assert response.status_code == 400
    assert "letzte Administration" in response.content.decode()


@pytest.mark.django_db
def test_bad_input_gets_a_message_not_an_error(mannheim) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(PAGE, {"email": "keine-adresse"})
    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.content.decode()
    response = client.post(PAGE + "export/", {"email": EMAIL, "format": "pdf"})
    assert response.status_code == 400
    assert "JSON oder XLSX" in response.content.decode()
    response = client.post(PAGE + "loeschen/", {"email": "x"})
    assert response.status_code == 400
    assert client.get(PAGE + "export/").status_code == 405


@pytest.mark.django_db
def test_only_the_administrator_here_may_post(mannheim, person) -> None:
    for email, status in (
        ("team@mannheim.example", 403),
        ("verein@mannheim.example", 403),
        ("admin@bamberg.example", 404),
    ):
        client = signed_in_client(email)
        for path in ("", "export/", "loeschen/"):
            data = {"email": EMAIL, "format": "json", "step": "erase", "confirm": "on"}
            assert client.post(PAGE + path, data).status_code == status, (email, path)
    assert leftovers(EMAIL, NAME)


@pytest.mark.django_db
def test_the_operator_erases_a_person_everywhere_by_command(mannheim, bamberg, person) -> None:
    from io import StringIO

    from django.core.management import call_command

    with scopes_disabled():
        Contact.objects.create(municipality=bamberg, name=NAME, email=EMAIL)
    out = StringIO()
    call_command("erase_person", EMAIL, stdout=out)
    assert "bamberg:" in out.getvalue()
    assert "mannheim:" in out.getvalue()
    assert "Nothing erased" in out.getvalue()
    assert leftovers(EMAIL, NAME)
    call_command("erase_person", EMAIL.upper(), "--yes", stdout=out)
    assert leftovers(EMAIL, NAME) == []
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="personal_data.erased").count() == 2


@pytest.mark.django_db
def test_a_contacts_page_leads_the_administrator_to_the_persons_data(mannheim, person) -> None:
    path = f"/mannheim/verwaltung/kontakte/{person['contact'].pk}/"
    page = signed_in_client(ADMIN).get(path).content.decode()
    assert f'<input type="hidden" name="email" value="{EMAIL.upper()}">' in page
    assert 'action="/mannheim/verwaltung/personendaten/"' in page
    staff_page = signed_in_client("team@mannheim.example").get(path).content.decode()
    assert "/verwaltung/personendaten/" not in staff_page
