"""Public pages every municipality must have, and feedback on barriers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality, TenantModel
from querschnitt.core.translation import TranslatedTextField


class PublicPage(TenantModel):
    """An editable page of a municipality: accessibility, imprint, privacy, easy language."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")
        IMPRINT = "impressum", _("Imprint")
        PRIVACY = "datenschutz", _("Privacy")
        EASY_LANGUAGE = "leichte-sprache", _("Easy language")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="public_pages"
    )
    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    body = TranslatedTextField(_("text"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="public_page_unique_kind")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class AccessibilityFeedback(TenantModel):
    """A barrier that a visitor reported through the feedback route."""

    shown_on_public_pages = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="accessibility_feedback"
    )
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    message = models.TextField(_("description of the barrier"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address for a reply"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    # A report must be answered (§ 12b (4) BGG, BITV 2.0): the office records when it did so.
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    reply = models.TextField(_("what was answered or done"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("feedback on accessibility")
        verbose_name_plural = _("feedback on accessibility")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-created_at", "-id"]),
            models.Index(fields=["municipality", "handled_at", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.message[:60]}"
