"""Receivers: a stored document goes when its row goes (also when a meeting or a paper is
deleted with its documents)."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from querschnitt.bodies.models import File
from querschnitt.core.files import file_delete_on_commit


@receiver(post_delete, sender=File, dispatch_uid="bodies-file-stored")
def delete_stored_file(sender: type[File], instance: File, **kwargs: Any) -> None:
    # the demo's documents are shared by content and stay (see bodies.demo)
    if instance.file.name and "/bodies/demo/" not in instance.file.name:
        file_delete_on_commit(instance.file.name)
