"""Signers' and recipients' addresses may be emptied (erasure, retention); logos are stored
per municipality under longer names.

The logo column is widened on PostgreSQL only: SQLite does not enforce the length of a
varchar, and Django would rebuild the organisation table to change it, which drops the
triggers that keep the search index current (0002_search).
"""

from django.db import migrations, models

import querschnitt.core.files


def widen_logo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE network_organisation ALTER COLUMN logo TYPE varchar(300)"
        )


def narrow_logo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE network_organisation ALTER COLUMN logo TYPE varchar(100)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailingrecipient",
            name="email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="logo",
                    field=models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=querschnitt.core.files.UploadTo("logos"),
                        verbose_name="logo",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(widen_logo, narrow_logo)],
        ),
        migrations.AlterField(
            model_name="signature",
            name="signer_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail address"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="signer_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="name of the signing person"
            ),
        ),
    ]
