"""The base of every view in the staff area (`/<municipality>/verwaltung/`)."""

from typing import Any

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.navigation import staff_links
from querschnitt.core.views.base import MunicipalityMixin


class StaffMixin(MunicipalityMixin):
    permission = "staff_area.view"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        current = self.request.resolver_match.view_name if self.request.resolver_match else ""
        context["staff_nav"] = [
            {
                "label": link.label,
                "url": self.reverse(link.url_name),
                "is_current": link.url_name == current,
                "section": link.section,
            }
            for link in staff_links
            if has_permission(self.request.user, self.municipality, link.permission)
            and (link.shown_if is None or link.shown_if(self.request))
        ]
        return context
