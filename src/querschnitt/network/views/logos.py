"""An organisation's logo, found through the tenant.

Everyone sees the logo of a published, public entry. The office (and the entry's
representatives) also see the logo of an entry that is not listed, and a logo a representative
proposed. Anything else, another municipality's entry among it, is a 404.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views import View

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.files import PNG, stored_file_response, type_of_name
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.network.logos import logo_prefix
from querschnitt.network.models import Organisation, Representative
from querschnitt.network.selectors.directory import visible_organisations
from querschnitt.network.selectors.entries import pending_change_request_of

PUBLIC_MAX_AGE = 60 * 60 * 24


def may_see_unlisted(request: HttpRequest, organisation: Organisation) -> bool:
    """The office, or a representative of the entry, past the second factor where needed."""
    user: Any = request.user
    municipality = organisation.municipality
    # has_permission answers no to a session that lacks the second factor its account needs
    if not user.is_authenticated:
        return False
    if has_permission(user, municipality, "network.manage"):
        return True
    return (
        has_permission(user, municipality, "network.represent")
        and Representative.objects.filter(
            municipality=municipality, organisation=organisation, user=user
        ).exists()
    )


class OrganisationLogo(MunicipalityMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        organisation = (
            Organisation.objects.filter(municipality=self.municipality, pk=kwargs["pk"])
            .select_related("municipality")
            .first()
        )
        if organisation is None:
            raise Http404
        stored = logo_prefix(self.municipality) + kwargs["name"]
        is_current = bool(organisation.logo.name) and stored == organisation.logo.name
        is_public = (
            is_current
            and visible_organisations(municipality=self.municipality)
            .filter(pk=organisation.pk)
            .exists()
        )
        if not is_public:
            if not may_see_unlisted(request, organisation):
                raise Http404
            pending = pending_change_request_of(organisation=organisation)
            proposed = pending.proposed.get("logo") if pending is not None else None
            if not is_current and stored != proposed:
                raise Http404
        kind = type_of_name(stored) or PNG
        response = stored_file_response(
            stored, file_name=f"logo-{organisation.pk}.{kind.extension}", mime_type=kind.mime_type
        )
        if response.status_code == 200:
            response["Cache-Control"] = (
                f"public, max-age={PUBLIC_MAX_AGE}" if is_public else "private, no-store"
            )
        return response
