"""Loads the demo municipalities; safe to run again and again."""

from django.db import transaction
from django_scopes import scopes_disabled

from querschnitt.core.demo import registry
from querschnitt.core.demo.cities import CITIES
from querschnitt.core.demo.users import PLATFORM_OPERATOR, demo_users, ensure_user, load_users
from querschnitt.core.models import Department, Municipality
from querschnitt.core.page_cache import municipality_content_changed

MUNICIPALITY_FIELDS = (
    "name",
    "ags",
    "state",
    "office_name",
    "office_description",
    "description_source",
    "contact_email",
    "contact_phone",
    "contact_address",
    "enforcement_body_name",
    "enforcement_body_url",
    "enforcement_body_email",
    "languages",
    "accent_colour",
)


@transaction.atomic
def load_demo() -> list[Municipality]:
    with scopes_disabled():
        ensure_user(PLATFORM_OPERATOR, superuser=True)
        return [load_city(city) for city in CITIES]


def load_city(city: dict) -> Municipality:
    municipality, _created = Municipality.objects.update_or_create(
        slug=city["slug"], defaults={field: city[field] for field in MUNICIPALITY_FIELDS}
    )
    for name, short_name, kind in city["departments"]:
        Department.objects.update_or_create(
            municipality=municipality,
            name=name,
            defaults={"short_name": short_name, "kind": kind},
        )
    for child, parent in city.get("department_parents", {}).items():
        Department.objects.filter(municipality=municipality, name=child).update(
            parent=Department.objects.get(municipality=municipality, name=parent)
        )
    load_users(municipality, demo_users(city["slug"], city["liaison_department"]))
    for loader in registry.ordered():
        loader.load(municipality, city)
    municipality_content_changed(municipality.pk)
    return municipality
