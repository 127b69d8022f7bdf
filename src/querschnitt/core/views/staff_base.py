"""The base of every view in the staff area (`/<municipality>/verwaltung/`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.views.base import MunicipalityMixin

STAFF_NAVIGATION = [
    (_("Overview"), "staff:dashboard", "staff_area.view"),
    (_("Settings"), "staff:settings", "municipality.change_settings"),
    (_("Public pages"), "staff:page_list", "pages.change"),
    (_("Feedback on accessibility"), "staff:feedback_list", "pages.change"),
    (_("Organisations"), "staff:organisation_list", "network.manage"),
    (_("Requests and changes"), "staff:entry_queue", "network.manage"),
    (_("Signatures"), "staff:signature_queue", "network.manage"),
    (_("Contacts"), "staff:contact_list", "network.manage"),
    (_("Mailings"), "staff:mailing_list", "network.manage"),
    (_("Import"), "staff:import_upload", "network.manage"),
    (_("My organisation"), "staff:my_organisations", "network.represent"),
    (_("Departments"), "staff:department_list", "departments.view"),
    (_("Users and roles"), "staff:user_list", "users.manage"),
    (_("Audit trail"), "staff:audit", "audit.view"),
]


class StaffMixin(MunicipalityMixin):
    permission = "staff_area.view"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        current = self.request.resolver_match.view_name if self.request.resolver_match else ""
        context["staff_nav"] = [
            {"label": label, "url": self.reverse(name), "is_current": name == current}
            for label, name, permission in STAFF_NAVIGATION
            if has_permission(self.request.user, self.municipality, permission)
        ]
        return context
