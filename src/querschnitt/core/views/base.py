"""The base of every view under `/<municipality>/`: tenant, permission and second factor."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views import View

from querschnitt.accounts.permissions import has_permission, roles_of, second_factor_missing
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse


class MunicipalityMixin(View):
    """Declare `permission` (a name from accounts.permissions) to protect a view.

    Anonymous visitors are sent to sign in; people without any role in this municipality get
    a 404, as if the page did not exist; people with a role but not this permission get a 403.
    An account that needs a second factor must have passed it in this session. Every answer of
    a protected view (and of one marked `private`) is kept out of shared and browser caches.
    """

    permission: str | None = None
    private: bool = False
    request: HttpRequest

    @property
    def municipality(self) -> Municipality:
        return self.request.municipality  # type: ignore[attr-defined]

    def reverse(self, viewname: str, **kwargs: Any) -> str:
        return municipality_reverse(self.municipality, viewname, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = self.dispatch_checked(request, *args, **kwargs)
        if self.permission is not None or self.private:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def dispatch_checked(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
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
        if second_factor_missing(user):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{self.reverse('accounts:second_factor')}?{query}")
        if not has_permission(user, self.municipality, self.permission):
            raise PermissionDenied
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["municipality"] = self.municipality
        return context
