"""What the events services share: related objects of the same municipality, addresses for
e-mails, and mail in the reader's language."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse


def check_same_municipality(municipality: Municipality, **related: Model | None) -> None:
    """Related objects must belong to the municipality (a 404 elsewhere, an error here)."""
    for field, obj in related.items():
        if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
            raise ValidationError({field: _("Choose one of this municipality.")})


def absolute_url(municipality: Municipality, name: str, **kwargs: Any) -> str:
    """An address for e-mails: the deployment's public address and the path."""
    return settings.PUBLIC_BASE_URL + municipality_reverse(municipality, name, **kwargs)


def mail(*, to: str, language: str, subject: Any, template: str, context: dict[str, Any]) -> None:
    """One e-mail in the reader's language (`subject` lazy, translated here). Queued as a
    task row in the caller's transaction: sent only if the change commits."""
    if not to:  # the address has been removed (retention, erasure)
        return
    with translation.override(language or "de"):
        body = render_to_string(f"events/email/{template}.txt", context)
        send_mail(str(subject), body, None, [to])
