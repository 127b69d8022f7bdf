"""The search text gains the names of each organisation's topics and spoken languages in every
interface language (see `network.search`); existing organisations are indexed again."""

from django.db import migrations


def forward(apps, schema_editor):
    from querschnitt.network.search import search_text_from, search_vocabulary_rebuild

    using = schema_editor.connection.alias
    Organisation = apps.get_model("network", "Organisation")
    OrganisationTopic = apps.get_model("network", "OrganisationTopic")
    OrganisationLanguage = apps.get_model("network", "OrganisationLanguage")
    manager = Organisation._base_manager.db_manager(using)
    topics: dict[int, list[str]] = {}
    for organisation_id, topic in OrganisationTopic._base_manager.db_manager(using).values_list(
        "organisation_id", "topic"
    ):
        topics.setdefault(organisation_id, []).append(topic)
    languages: dict[int, list[str]] = {}
    for organisation_id, language in OrganisationLanguage._base_manager.db_manager(
        using
    ).values_list("organisation_id", "language"):
        languages.setdefault(organisation_id, []).append(language)
    municipality_ids = set()
    batch = []
    for organisation in manager.order_by("pk").iterator(chunk_size=1000):
        organisation.search_text = search_text_from(
            name=organisation.name,
            street=organisation.street,
            postal_code=organisation.postal_code,
            city=organisation.city,
            description=organisation.description or {},
            topics=topics.get(organisation.pk, []),
            languages=languages.get(organisation.pk, []),
        )
        municipality_ids.add(organisation.municipality_id)
        batch.append(organisation)
        if len(batch) == 1000:
            manager.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        manager.bulk_update(batch, ["search_text"])
    for municipality_id in sorted(municipality_ids):
        texts = manager.filter(municipality_id=municipality_id).values_list(
            "search_text", flat=True
        )
        search_vocabulary_rebuild(municipality_id=municipality_id, texts=texts, using=using)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_search")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
