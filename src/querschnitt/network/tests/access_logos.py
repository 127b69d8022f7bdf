"""Access table: an organisation's logo. A published, public entry's logo is public; the
demo gives about every fourth published organisation one (`network/demo_logos.py`)."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import everyone


def public_logo() -> dict[str, Any]:
    from querschnitt.network.models import Organisation

    with scopes_disabled():
        organisation = (
            Organisation.objects.filter(
                municipality__slug="mannheim", status="published", visibility="public"
            )
            .exclude(logo="")
            .order_by("id")
            .first()
        )
    assert organisation is not None, "the demo has logos"
    return {"pk": organisation.pk, "name": organisation.logo.name.removeprefix("mannheim/logos/")}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:organisation_logo": (public_logo, everyone()),
}
