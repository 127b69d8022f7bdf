"""Public pages of the platform and of each municipality."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from querschnitt.core.navigation import public_links
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.selectors import active_municipalities
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.portal.forms import AccessibilityFeedbackForm
from querschnitt.portal.models import PublicPage
from querschnitt.portal.selectors import public_page, start_page_context
from querschnitt.portal.services import accessibility_feedback_submit


@require_GET
@cache_public_page
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/municipality_list.html",
        {
            "municipalities": active_municipalities(),
            # Built from what the apps register, so that it grows as they land.
            "promises": [link.promise for link in public_links if link.promise],
        },
    )


@method_decorator(cache_public_page, name="get")
class StartPage(MunicipalityMixin, TemplateView):
    template_name = "portal/start.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | start_page_context(
            municipality=self.municipality
        )


@method_decorator(cache_public_page, name="get")
class PublicPageView(MunicipalityMixin, TemplateView):
    template_name = "portal/page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = self.kwargs["kind"]
        return super().get_context_data(**kwargs) | {
            "kind": kind,
            "title": PublicPage.Kind(kind).label,
            "page": public_page(municipality=self.municipality, kind=kind),
        }


class AccessibilityFeedbackView(MunicipalityMixin, FormView):
    template_name = "portal/accessibility_feedback.html"
    form_class = AccessibilityFeedbackForm

    def get_initial(self) -> dict[str, Any]:
        return {"page_url": self.request.GET.get("seite", "")[:500]}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="accessibility-feedback", limit=5, window=600):
            return render_error(
                request, 429, _("Too many messages from your address. Please try again later.")
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AccessibilityFeedbackForm) -> HttpResponse:
        if not form.is_spam():
            accessibility_feedback_submit(
                municipality=self.municipality,
                page_url=form.cleaned_data["page_url"],
                message=form.cleaned_data["message"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        messages.success(self.request, _("Thank you. Your message has reached the office."))
        return HttpResponseRedirect(self.reverse("portal:page", kind="barrierefreiheit"))


def theme_css(request: HttpRequest, municipality: str) -> HttpResponse:
    colour = request.municipality.accent_colour  # type: ignore[attr-defined]
    css = (
        'html[data-kern-theme="light"] {\n'
        f"  --kern-color-action-default: {colour};\n"
        f"  --kern-color-decorative-brand-default: {colour};\n"
        f"  --qs-accent: {colour};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


PLATFORM_PAGES = {
    "barrierefreiheit": "portal/platform/accessibility.html",
    "impressum": "portal/platform/imprint.html",
    "datenschutz": "portal/platform/privacy.html",
}


@require_GET
def platform_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PLATFORM_PAGES:
        raise Http404
    return render(request, PLATFORM_PAGES[kind], {"kind": kind})
