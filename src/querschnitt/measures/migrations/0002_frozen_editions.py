"""The database refuses every change to a frozen edition of the catalogue (`measures.frozen`)."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from querschnitt.measures.frozen import create_triggers

    create_triggers(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from querschnitt.measures.frozen import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
