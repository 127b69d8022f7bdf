"""Subscribing to a search or a body: the form, the confirmation link, unsubscribing."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from querschnitt.bodies.forms import SubscribeForm
from querschnitt.bodies.models import Body, Subscription
from querschnitt.bodies.selectors.papers import PaperFilters
from querschnitt.bodies.services.subscriptions import (
    CONFIRM_MAX_AGE,
    subscription_cancel,
    subscription_confirm,
    subscription_description,
    subscription_from_token,
    subscription_request,
)
from querschnitt.bodies.visibility import PUBLIC, visible_bodies
from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error


@method_decorator(never_cache, name="dispatch")
class SubscribeView(MunicipalityMixin, TemplateView):
    """`?gremium=<slug>` subscribes to a body; otherwise the search's parameters (q, reference,
    from, to, body, type) name what to watch."""

    template_name = "bodies/subscribe.html"

    def load_objects(self) -> None:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        slug = source.get("gremium", "")
        self.body: Body | None = None
        if slug:
            self.body = (
                visible_bodies(municipality=self.municipality, viewer=PUBLIC)
                .filter(slug=slug)
                .first()
            )
        self.filters = PaperFilters.from_json(
            {
                key: source.get(key, "")
                for key in ("q", "reference", "date_from", "date_to", "body", "type")
            }
        )

    def what(self) -> str:
        probe = Subscription(
            municipality=self.municipality, body=self.body, search=self.filters.to_json()
        )
        return subscription_description(probe)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "form": kwargs.get("form") or SubscribeForm(),
            "body": self.body,
            "search": self.filters.to_json(),
            "what": self.what(),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="subscribe", limit=5, window=600):
            return render_error(
                request, 429, _("Too many requests from your address. Please try again later.")
            )
        form = SubscribeForm(request.POST)
        if form.is_spam():
            return render(
                request, "bodies/subscribe_sent.html", {"municipality": self.municipality}
            )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        subscription_request(
            municipality=self.municipality,
            email=form.cleaned_data["email"],
            body=self.body,
            filters=None if self.body else self.filters,
            language=get_language() or "de",
            base_url=request.build_absolute_uri("/"),
        )
        return render(request, "bodies/subscribe_sent.html", {"municipality": self.municipality})


@method_decorator(never_cache, name="dispatch")
class SubscriptionConfirmView(MunicipalityMixin, TemplateView):
    """The link in the confirmation e-mail. GET asks (mail scanners open links), POST confirms."""

    template_name = "bodies/subscription_confirm.html"

    def load_objects(self) -> None:
        self.subscription = subscription_from_token(
            municipality=self.municipality,
            token=self.kwargs["token"],
            purpose="confirm",
            max_age=CONFIRM_MAX_AGE,
        )

    def invalid(self) -> HttpResponse:
        return render_error(
            self.request,
            400,
            _("This link is not valid or has expired. Please subscribe again."),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.subscription is None:
            return self.invalid()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        assert self.subscription is not None
        return super().get_context_data(**kwargs) | {
            "what": subscription_description(self.subscription),
            "confirmed": self.subscription.confirmed_at is not None,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.subscription is None:
            return self.invalid()
        subscription_confirm(subscription=self.subscription)
        return self.render_to_response(self.get_context_data(done=True))


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class SubscriptionCancelView(MunicipalityMixin, TemplateView):
    """The link in every message. GET asks, POST removes the address; the signed token is the
    authorisation, so mail programs may unsubscribe with one POST (RFC 8058)."""

    template_name = "bodies/subscription_cancel.html"

    def load_objects(self) -> None:
        self.subscription = subscription_from_token(
            municipality=self.municipality, token=self.kwargs["token"], purpose="cancel"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        what = subscription_description(self.subscription) if self.subscription else ""
        return super().get_context_data(**kwargs) | {
            "subscription": self.subscription,
            "what": what,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="unsubscribe", limit=30, window=600):
            return render_error(
                request, 429, _("Too many requests from your address. Please try again later.")
            )
        if self.subscription is not None:
            subscription_cancel(subscription=self.subscription)
        return render(
            request, "bodies/subscription_cancelled.html", {"municipality": self.municipality}
        )
