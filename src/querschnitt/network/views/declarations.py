"""Public pages of declarations: the text, signing with double opt-in, withdrawing, the alliance."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.models import Municipality
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.versioned import remembered
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.network.forms.declarations import (
    AllianceFilterForm,
    SignatureForm,
    WithdrawRequestForm,
)
from querschnitt.network.models import Alliance, Declaration, Signature
from querschnitt.network.public_rows import MEMBER_FIELDS, alliance_rows
from querschnitt.network.selectors.alliance_sql import ListedMembers, member_counts
from querschnitt.network.selectors.declarations import (
    alliance_members_listed,
    alliance_of,
    current_members,
    declaration_of,
    network_settings_of,
    signatures_represented_by,
)
from querschnitt.network.services import declarations as services

SIGN_LIMIT = {"limit": 5, "window": 600}
WITHDRAW_LIMIT = {"limit": 5, "window": 600}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render_error(
        request, 429, _("Too many requests from your address. Please try again later.")
    )


class DeclarationMixin(MunicipalityMixin):
    declaration: Declaration

    def load_objects(self) -> None:
        self.declaration = declaration_of(municipality=self.municipality, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "declaration": self.declaration,
            "alliance": getattr(self.declaration, "alliance", None),
        }


@method_decorator(cache_public_page, name="get")
class DeclarationView(DeclarationMixin, TemplateView):
    """The declaration: its current text, earlier versions, what signing means, the count."""

    template_name = "network/declarations/declaration.html"

    def load_objects(self) -> None:
        """The declaration and its count of members, remembered per content version
        (`core.versioned`): a change of the declaration or a signature moves it."""
        municipality, slug = self.municipality, self.kwargs["slug"]
        self.declaration, self.member_count = remembered(
            municipality, f"network:declaration:{slug}", lambda: self.read(municipality, slug)
        )

    @staticmethod
    def read(municipality: Municipality, slug: str) -> tuple[Declaration, int]:
        declaration = declaration_of(municipality=municipality, slug=slug)
        members, _listed = member_counts(municipality=municipality, declaration_id=declaration.pk)
        return declaration, members

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versions = self.declaration.versions_newest_first  # type: ignore[attr-defined]
        return super().get_context_data(**kwargs) | {
            "current_version": versions[0] if versions else None,
            "earlier_versions": versions[1:],
            "member_count": self.member_count,
        }


class SignView(ServiceFormMixin, DeclarationMixin, FormView):
    """The signing form for institutions; the signature waits for the e-mail confirmation."""

    template_name = "network/declarations/sign.html"
    form_class = SignatureForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versions = self.declaration.versions_newest_first  # type: ignore[attr-defined]
        return super().get_context_data(**kwargs) | {
            "current_version": versions[0] if versions else None,
            "is_open": self.declaration.is_open_for_signing and bool(versions),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limit_exceeded(request, scope="declaration-sign", **SIGN_LIMIT):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SignatureForm) -> HttpResponse:
        if not form.is_spam():
            try:
                services.signature_submit(
                    declaration=self.declaration,
                    base_url=_base_url(self.request),
                    **form.service_fields(),
                )
            except ValidationError as error:
                return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _(
                "Thank you. We have sent a link to the e-mail address you gave. The signature "
                "counts once you have opened that link."
            ),
        )
        return HttpResponseRedirect(self.reverse("network:declaration", slug=self.declaration.slug))


@require_GET
def signature_confirm(request: HttpRequest, municipality: str, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: the signature now waits for the office's review."""
    place = request.municipality  # type: ignore[attr-defined]
    try:
        signature = services.signature_from_confirm_token(municipality=place, token=token)
    except services.SignatureLinkError as error:
        return render_error(request, 400, error.reason)
    confirmed_now = services.signature_confirm(signature=signature)
    return render(
        request,
        "network/declarations/confirmed.html",
        {
            "municipality": place,
            "signature": signature,
            "declaration": signature.declaration,
            "confirmed_now": confirmed_now,
            "review_days": network_settings_of(municipality=place).signature_review_days,
        },
    )


class WithdrawRequestView(DeclarationMixin, FormView):
    """Asks for the signer's e-mail address and mails a withdrawal link if one matches.

    A signed-in representative of a member organisation withdraws directly instead.
    """

    template_name = "network/declarations/withdraw_request.html"
    form_class = WithdrawRequestForm

    def represented(self) -> QuerySet[Signature]:
        user = self.request.user
        if not has_permission(user, self.municipality, "network.represent"):
            return Signature.objects.none()
        return signatures_represented_by(declaration=self.declaration, user=user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"represented": list(self.represented())}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "signature" in request.POST:
            return self.withdraw_represented(request.POST["signature"])
        if rate_limit_exceeded(request, scope="signature-withdraw", **WITHDRAW_LIMIT):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def withdraw_represented(self, pk: str) -> HttpResponse:
        signature = self.represented().filter(pk=int(pk)).first() if pk.isdigit() else None
        if signature is None:
            raise Http404
        services.signature_withdraw(signature=signature, by=self.request.user)
        messages.success(
            self.request,
            _("The signature has been withdrawn. The institution is no longer listed."),
        )
        return HttpResponseRedirect(self.reverse("network:declaration", slug=self.declaration.slug))

    def form_valid(self, form: WithdrawRequestForm) -> HttpResponse:
        if not form.is_spam():
            services.signature_withdraw_request(
                declaration=self.declaration,
                email=form.cleaned_data["email"],
                organisation_name=form.cleaned_data["organisation_name"],
                base_url=_base_url(self.request),
            )
        # The same answer whether or not a signature matched: nobody learns who signed how.
        messages.success(
            self.request,
            _(
                "If an accepted signature matches these details, we have sent a link to withdraw "
                "it to that e-mail address."
            ),
        )
        return HttpResponseRedirect(self.reverse("network:declaration", slug=self.declaration.slug))


class SignatureWithdrawView(MunicipalityMixin, TemplateView):
    """The link in the withdrawal e-mail: a page that asks to confirm, then withdraws."""

    template_name = "network/declarations/withdraw.html"

    def _signature(self) -> Signature | HttpResponse:
        try:
            return services.signature_from_withdraw_token(
                municipality=self.municipality, token=self.kwargs["token"]
            )
        except services.SignatureLinkError as error:
            return render_error(self.request, 400, error.reason)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signature = self._signature()
        if isinstance(signature, HttpResponse):
            return signature
        return self.render_to_response(self.get_context_data(signature=signature))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signature = self._signature()
        if isinstance(signature, HttpResponse):
            return signature
        by = request.user if request.user.is_authenticated else None
        if services.signature_withdraw(signature=signature, by=by):
            messages.success(
                request,
                _("The signature has been withdrawn. The institution is no longer listed."),
            )
        alliance = Alliance.objects.filter(
            municipality=self.municipality, declaration_id=signature.declaration_id
        ).first()
        if alliance is not None:
            return HttpResponseRedirect(self.reverse("network:alliance", slug=alliance.slug))
        return HttpResponseRedirect(
            self.reverse("network:declaration", slug=signature.declaration.slug)
        )


class RememberedMembers(ListedMembers):
    """The pages of `ListedMembers`, each remembered per content version (`core.versioned`):
    a signature's or an entry's change moves it."""

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        name = f"network:alliance:{self.declaration_id}:{page.start}:{page.stop}"
        read = super().__getitem__
        return remembered(self.municipality, name, lambda: read(page))


@method_decorator(cache_public_page, name="get")
class AllianceView(MunicipalityMixin, ListView):
    """The alliance: its members (published public entries by name), filterable, since-when.
    The page as most see it (nothing asked) shows the municipality's public data alone: its
    content is remembered per content version, language, time zone and URL map."""

    template_name = "network/declarations/alliance.html"
    content_template_name = "network/declarations/_alliance_content.html"
    paginate_by = 50
    alliance: Alliance

    def load_objects(self) -> None:
        municipality, slug = self.municipality, self.kwargs["slug"]
        self.alliance = remembered(
            municipality,
            f"network:alliance:{slug}",
            lambda: alliance_of(municipality=municipality, slug=slug),
        )
        self.plain = not self.request.GET

    @cached_property
    def filter_form(self) -> AllianceFilterForm:
        return AllianceFilterForm(self.request.GET, municipality=self.municipality)

    @cached_property
    def filtered(self) -> bool:
        if self.plain:
            return False
        return any(self.filter_form.filters().values()) if self.filter_form.is_valid() else False

    def get_queryset(self) -> QuerySet[Signature, dict[str, Any]] | ListedMembers:  # type: ignore[override]
        declaration = self.alliance.declaration
        if not self.filtered:  # the page as most see it: read with plain SQL, remembered
            municipality = self.municipality
            self.member_count, listed = remembered(
                municipality,
                f"network:alliance:{declaration.pk}:counts",
                lambda: member_counts(municipality=municipality, declaration_id=declaration.pk),
            )
            return RememberedMembers(
                municipality=municipality, declaration_id=declaration.pk, listed=listed
            )
        self.member_count = current_members(declaration=declaration).count()
        return alliance_members_listed(
            declaration=declaration, **self.filter_form.filters()
        ).values(*MEMBER_FIELDS)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.plain:
            name = (
                f"network:alliance:{self.alliance.pk}:content:{get_language()}:"
                f"{get_current_timezone_name()}:{get_urlconf()}:{get_script_prefix()}"
            )
            content = remembered(self.municipality, name, lambda: self.content(context))
            return context | {"alliance": self.alliance, "content": content}
        return context | {
            "alliance": self.alliance,
            "content": self.content(context),
            "filter_form": self.filter_form,
        }

    def content(self, context: dict[str, Any]) -> SafeString:
        query = self.request.GET.copy()
        query.pop("page", None)
        return mark_safe(  # rendered by the template engine, which escapes
            render_to_string(
                self.content_template_name,
                {
                    "municipality": self.municipality,
                    "paginator": context["paginator"],
                    "page_obj": context["page_obj"],
                    "rows": alliance_rows(context["object_list"], municipality=self.municipality),
                    "alliance": self.alliance,
                    "declaration": self.alliance.declaration,
                    "member_count": self.member_count,
                    "filter_markup": filter_form_markup(
                        self.filter_form, municipality=self.municipality
                    ),
                    "filtered": self.filtered,
                    "query": query.urlencode(),
                },
            )
        )
