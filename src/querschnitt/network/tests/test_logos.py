"""Logos: uploaded by the office and by representatives, stored through the storage API,
served through the tenant, shown in the directory, on the entry's page, in JSON-LD and the API;
the demo draws its own."""

import io
import json
from pathlib import Path

import extruct
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scope, scopes_disabled
from PIL import Image

from conftest import signed_in_client
from querschnitt.core.demo.loader import load_demo
from querschnitt.network.demo import MANNHEIM_REPRESENTED
from querschnitt.network.demo_logos import initials, logo_png
from querschnitt.network.logos import logo_url
from querschnitt.network.models import ChangeRequest, NetworkSettings, Organisation
from querschnitt.network.services.organisations import organisation_create

REPRESENTATIVE = "verein@mannheim.example"


def png(colour: str = "#1d6b3a") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(output, format="PNG")
    return output.getvalue()


def with_logo(municipality, **lookup) -> Organisation:
    with scopes_disabled():
        found = (
            Organisation.objects.filter(municipality=municipality, **lookup)
            .exclude(logo="")
            .order_by("id")
            .first()
        )
    assert found is not None
    return found


def url_of(organisation: Organisation, municipality, stored_name: str | None = None) -> str:
    url = logo_url(organisation, municipality=municipality, stored_name=stored_name)
    assert url is not None
    return url


@pytest.mark.django_db
def test_the_demo_draws_logos_once_and_keeps_them(mannheim, bamberg) -> None:
    with scopes_disabled():
        published = Organisation.objects.filter(municipality=mannheim, status="published")
        with_logos = published.exclude(logo="")
        assert 0.2 < with_logos.count() / published.count() < 0.35
        assert with_logos.filter(name=MANNHEIM_REPRESENTED).exists()
        assert Organisation.objects.filter(municipality=bamberg).exclude(logo="").exists()
        before = dict(with_logos.values_list("pk", "logo"))
    load_demo()
    with scopes_disabled():
        assert dict(with_logos.values_list("pk", "logo")) == before
    first = with_logo(mannheim)
    with default_storage.open(str(first.logo.name)) as stored:
        image = Image.open(stored)
        assert (image.format, image.size) == ("PNG", (160, 160))
    assert logo_png("NV", "#0b4f8a") == logo_png("NV", "#0b4f8a")
    assert initials("Nachbarschaftsverein Lindenhain e. V.") == "NL"
    assert initials("Verein der Freunde") == "VF"


@pytest.mark.django_db
def test_a_public_logo_is_served_with_its_type_and_shown_everywhere(mannheim) -> None:
    organisation = with_logo(mannheim, status="published", visibility="public")
    url = url_of(organisation, mannheim)
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response.getvalue().startswith(b"\x89PNG")

    page = Client().get(f"/mannheim/akteure/{organisation.pk}/").content.decode()
    assert f'src="{url}"' in page
    data = extruct.extract(page, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    assert data[0]["logo"] == f"http://testserver{url}"
    api = Client().get(f"/api/v1/mannheim/organisations/{organisation.pk}").json()
    assert api["logo"] == f"http://testserver{url}"
    directory = Client().get("/mannheim/akteure/", {"q": organisation.name}).content.decode()
    assert f'src="{url}"' in directory


@pytest.mark.django_db
def test_logos_are_found_through_the_tenant_and_the_entrys_visibility(mannheim, bamberg) -> None:
    with scopes_disabled():
        organisation = (
            Organisation.objects.filter(municipality=mannheim, status="published")
            .exclude(logo="")
            .exclude(name=MANNHEIM_REPRESENTED)
            .order_by("id")
            .first()
        )
    name = str(organisation.logo.name).removeprefix("mannheim/logos/")
    other = with_logo(bamberg)
    other_name = str(other.logo.name).removeprefix("bamberg/logos/")
    anonymous = Client()
    assert anonymous.get(f"/mannheim/akteure/{organisation.pk}/logo/x{name}").status_code == 404
    assert anonymous.get(f"/mannheim/akteure/{other.pk}/logo/{other_name}").status_code == 404
    assert (
        anonymous.get(f"/mannheim/akteure/{organisation.pk}/logo/{other_name}").status_code == 404
    )
    assert anonymous.get(f"/mannheim/akteure/{organisation.pk}/logo/../../x").status_code == 404
    assert anonymous.get("/media/" + organisation.logo.name).status_code == 404
    with scopes_disabled():
        Organisation.objects.filter(pk=organisation.pk).update(status="archived")
    url = f"/mannheim/akteure/{organisation.pk}/logo/{name}"
    assert anonymous.get(url).status_code == 404
    assert signed_in_client("team@mannheim.example").get(url).status_code == 200
    assert signed_in_client("team@mannheim.example", verified=False).get(url).status_code == 404
    assert signed_in_client(REPRESENTATIVE).get(url).status_code == 404
    assert signed_in_client("admin@bamberg.example").get(url).status_code == 404


@pytest.mark.django_db
def test_a_representatives_logo_waits_for_review(
    mannheim, settings, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    with scopes_disabled():
        NetworkSettings.objects.update_or_create(
            municipality=mannheim, defaults={"review_changes": True}
        )
        organisation = Organisation.objects.get(municipality=mannheim, name=MANNHEIM_REPRESENTED)
        Organisation.objects.filter(pk=organisation.pk).update(logo="")
    client = signed_in_client(REPRESENTATIVE)
    edit = f"/mannheim/verwaltung/meine-organisation/{organisation.pk}/"
    page = client.get(edit).content.decode()
    assert 'enctype="multipart/form-data"' in page
    form = {
        "name": organisation.name,
        "kind": organisation.kind,
        "description_de": "Wir sind ein Verein.",
        "logo": SimpleUploadedFile("Anna Beispiel.png", png(), content_type="image/png"),
    }
    response = client.post(edit, form)
    assert response.status_code == 302
    with scopes_disabled():
        proposal = ChangeRequest.objects.get(organisation=organisation, state="pending")
        organisation.refresh_from_db()
    stored = proposal.proposed["logo"]
    assert stored.startswith("mannheim/logos/")
    assert stored.endswith("/logo.png")
    assert "Anna" not in stored, "the uploaded name is not kept"
    assert not organisation.logo, "the public entry keeps its logo until the office accepts"
    proposed_url = url_of(organisation, mannheim, stored)
    assert Client().get(proposed_url).status_code == 404
    assert client.get(proposed_url).status_code == 200
    office = signed_in_client("team@mannheim.example")
    decide = f"/mannheim/verwaltung/anfragen/aenderung/{proposal.pk}/"
    assert f'src="{proposed_url}"' in office.get(decide).content.decode()

    # A correction without a new file keeps the proposed logo.
    response = client.post(edit, {**form, "logo": "", "description_de": "Wir sind ein Chor."})
    with scopes_disabled():
        proposal.refresh_from_db()
    assert proposal.proposed["logo"] == stored

    with django_capture_on_commit_callbacks(execute=True):
        office.post(decide, {"decision": "approve", "bestaetigt": "1"})
    with scopes_disabled():
        organisation.refresh_from_db()
    assert organisation.logo.name == stored
    assert Client().get(proposed_url).status_code == 200

    replacement = SimpleUploadedFile("neu.png", png("#a23b2a"), content_type="image/png")
    client.post(edit, {**form, "description_de": "Wir sind ein Chor.", "logo": replacement})
    with scopes_disabled():
        second = ChangeRequest.objects.get(organisation=organisation, state="pending")
    rejected = second.proposed["logo"]
    assert (tmp_path / rejected).exists()
    with django_capture_on_commit_callbacks(execute=True):
        office.post(
            f"/mannheim/verwaltung/anfragen/aenderung/{second.pk}/",
            {"decision": "reject", "reason": "Bitte ein Logo mit Namen.", "bestaetigt": "1"},
        )
    assert not (tmp_path / rejected).exists(), "a rejected logo is removed"
    assert (tmp_path / stored).exists(), "the entry's logo stays"

    with scope(municipality=mannheim):
        leaving = organisation_create(
            municipality=mannheim,
            by=None,
            name="Logo-Verein auf Zeit",
            logo=SimpleUploadedFile("x.png", png(), content_type="image/png"),
        )
    assert (tmp_path / str(leaving.logo.name)).exists()
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        Organisation.objects.filter(pk=leaving.pk).delete()
    assert not (tmp_path / str(leaving.logo.name)).exists(), (
        "a deleted organisation's logo is removed"
    )


@pytest.mark.django_db
def test_representatives_get_a_clear_reason_for_a_wrong_file(mannheim) -> None:
    with scopes_disabled():
        organisation = Organisation.objects.get(municipality=mannheim, name=MANNHEIM_REPRESENTED)
    client = signed_in_client(REPRESENTATIVE)
    response = client.post(
        f"/mannheim/verwaltung/meine-organisation/{organisation.pk}/",
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "description_de": "Text",
            "logo": SimpleUploadedFile("logo.svg", b"<svg onload='x'/>", content_type="image/svg"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "not of an accepted type (PNG, JPEG)" in response.content.decode() or (
        "keine zulässige Art" in response.content.decode()
    )
    assert json.dumps(response.status_code) == "200"
