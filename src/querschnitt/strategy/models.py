"""The strategy of a municipality's integration work: its fields of action (later goals)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField


class FieldOfAction(TenantModel):
    """A field of action (Handlungsfeld, Handlungsschwerpunkt) that structures the work."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="fields_of_action"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = TranslatedTextField(_("name"))
    description = TranslatedTextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="field_of_action_unique_key"
            )
        ]

    def __str__(self) -> str:
        from querschnitt.core.translation import translate

        return translate(self.name).text
