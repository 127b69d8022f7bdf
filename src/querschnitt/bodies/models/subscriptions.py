"""Subscriptions of the public to a paper search or a body: e-mail and Atom feed."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.bodies.models.bodies import Body
from querschnitt.core.models import Municipality, TenantModel


class Subscription(TenantModel):
    """An e-mail address that wants to hear of new papers matching a search, or of new
    meetings and papers of a body. Confirmed by e-mail (double opt-in); removed on
    unsubscribing."""

    shown_on_public_pages: ClassVar[bool] = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="paper_subscriptions"
    )
    email = models.EmailField(_("e-mail address"))
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    # The search (see bodies.selectors.papers.PaperFilters.to_query); empty for a body.
    search = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="de")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Everything published up to this moment has been reported.
    notified_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [
            models.Index(fields=["municipality", "confirmed_at"]),
            models.Index(fields=["municipality", "email"]),
        ]

    def __str__(self) -> str:
        return self.email
