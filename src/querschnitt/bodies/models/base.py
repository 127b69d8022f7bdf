"""What every object that OParl serves has in common."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import TenantModel


class OParlObject(TenantModel):
    """A tenant object that OParl serves: its creation and modification times.

    `modified_at` moves on every save; the services also move it on the objects that embed a
    changed one (a meeting when an agenda item changes, a paper when a consultation or a file
    changes), so that a client syncing with `modified_since` sees the change. Deleting an
    object that was public leaves an `OParlTombstone`.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True
