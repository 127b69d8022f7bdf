"""Receivers: a stored document goes when its row goes (also when a meeting or a paper is
deleted with its documents); an accepted body-member invitation links the account to its
person."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from querschnitt.accounts.signals import role_invitation_accepted
from querschnitt.bodies.models import File
from querschnitt.bodies.services.bodies import person_link_on_accept
from querschnitt.core.files import file_delete_on_commit


@receiver(post_delete, sender=File, dispatch_uid="bodies-file-stored")
def delete_stored_file(sender: type[File], instance: File, **kwargs: Any) -> None:
    # the demo's documents are shared by content and stay (see bodies.demo)
    if instance.file.name and "/bodies/demo/" not in instance.file.name:
        file_delete_on_commit(instance.file.name)


@receiver(role_invitation_accepted, dispatch_uid="bodies-person-link")
def link_person_on_accept(sender: Any, invitation: Any, user: Any, **kwargs: Any) -> None:
    person_link_on_accept(invitation=invitation, user=user)
