"""The base of every view under `/<municipality>/`: tenant, permission and second factor."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.views import View

from querschnitt.accounts.permissions import has_permission, needs_second_factor, roles_of
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse


class MunicipalityMixin(View):
    """Declare `permission` (a name from accounts.permissions) to protect a view.

    Anonymous visitors are sent to sign in; people without any role in this municipality get
    a 404, as if the page did not exist; people with a role but not this permission get a 403.
    Office roles must have passed their second factor.
    """

    permission: str | None = None
    request: HttpRequest

    @property
    def municipality(self) -> Municipality:
        return self.request.municipality  # type: ignore[attr-defined]

    def reverse(self, viewname: str, **kwargs: Any) -> str:
        return municipality_reverse(self.municipality, viewname, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.permission is not None:
            denied = self.check_access(request)
            if denied is not None:
                return denied
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self) -> None:
        """Fetch the objects the URL names, after the access check (404 if not found)."""

    def check_access(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        assert self.permission is not None
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{self.reverse('accounts:signin')}?{query}")
        if not user.is_superuser and not roles_of(user, self.municipality):
            raise Http404
        if second_factor_pending(user, self.municipality):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{self.reverse('accounts:second_factor')}?{query}")
        if not has_permission(user, self.municipality, self.permission):
            raise PermissionDenied
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["municipality"] = self.municipality
        return context


def second_factor_pending(user: Any, municipality: Municipality) -> bool:
    """Signed in with the password, but the second factor this person needs is not passed."""
    return not user.is_verified() and (
        needs_second_factor(user, municipality) or has_confirmed_device(user)
    )


def has_confirmed_device(user: Any) -> bool:
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))
