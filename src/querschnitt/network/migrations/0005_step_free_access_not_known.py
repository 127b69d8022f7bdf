"""Step-free access has three values: yes, no, not known (NULL).

Decision for existing rows: True stays True; False becomes "not known". The old form had one
checkbox, so an unticked box could not say "no", and no row records that someone meant "no";
the import read "nein" as False, but an import cannot be told apart afterwards either. An
office that knows an entry has steps sets "no" again.

On SQLite the column change rebuilds the organisation table: the search index triggers are
restored as in 0004.
"""

import importlib

from django.db import migrations, models


def false_becomes_not_known(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    Organisation._base_manager.db_manager(schema_editor.connection.alias).filter(
        wheelchair_accessible=False
    ).update(wheelchair_accessible=None)


def not_known_becomes_false(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    Organisation._base_manager.db_manager(schema_editor.connection.alias).filter(
        wheelchair_accessible__isnull=True
    ).update(wheelchair_accessible=False)


def restore_sqlite_search_index(apps, schema_editor):
    previous = importlib.import_module("querschnitt.network.migrations.0004_mail_languages")
    previous.restore_sqlite_search_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("network", "0004_mail_languages")]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="wheelchair_accessible",
            field=models.BooleanField(
                blank=True, default=None, null=True, verbose_name="step-free access"
            ),
        ),
        migrations.RunPython(false_becomes_not_known, not_known_becomes_false, elidable=False),
        migrations.RunPython(
            restore_sqlite_search_index, migrations.RunPython.noop, elidable=False
        ),
    ]
