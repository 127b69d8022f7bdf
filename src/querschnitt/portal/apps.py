from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "querschnitt.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from querschnitt.core import navigation, personal_data, retention, worklist
        from querschnitt.core.demo import registry
        from querschnitt.portal.personal_data import PROVIDER
        from querschnitt.portal.retention import ACCESSIBILITY_FEEDBACK
        from querschnitt.portal.worklist import barrier_reports_pending_work

        section = _("Public pages")
        navigation.register_staff(
            navigation.StaffLink(
                _("Public pages"), "staff:page_list", "pages.change", section=section, order=80
            ),
            navigation.StaffLink(
                _("Feedback on accessibility"),
                "staff:feedback_list",
                "pages.change",
                section=section,
                order=81,
            ),
        )
        registry.register("portal.pages", "querschnitt.portal.demo.load_pages", order=10)
        registry.register("portal.feedback", "querschnitt.portal.demo.load_feedback", order=11)
        worklist.register(barrier_reports_pending_work)
        retention.register(ACCESSIBILITY_FEEDBACK)
        personal_data.register(PROVIDER)
