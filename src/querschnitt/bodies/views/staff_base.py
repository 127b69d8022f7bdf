"""What the office's pages of bodies share: the permission, forms that call a service, and
deleting after a confirm page (`core.views.staff.FormPage`)."""

from querschnitt.core.views import staff
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class OfficeMixin(ServiceFormMixin, StaffMixin):
    permission = "bodies.manage"


class FormPage(OfficeMixin, staff.FormPage):
    template_name = "bodies/staff/form.html"
