"""What OParl remembers of objects the public could see and can see no longer."""

from typing import ClassVar

from django.db import models

from querschnitt.core.models import Municipality, TenantModel


class OParlTombstone(TenantModel):
    """An object that was public in OParl and was deleted or depublished since.

    OParl lists it with `deleted: true` when asked for changes (`modified_since`), and its
    URL answers with that stub, so clients that synced it learn that it is gone. Objects that
    were never public leave no tombstone: OParl never shows them, not even as deleted.
    """

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    created = models.DateTimeField()
    deleted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "object_type", "object_id"], name="oparl_tombstone_unique"
            )
        ]
        indexes = [models.Index(fields=["municipality", "object_type", "deleted_at"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"
