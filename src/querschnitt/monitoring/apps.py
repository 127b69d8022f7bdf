from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "querschnitt.monitoring"
    label = "monitoring"
    verbose_name = _("Integration monitoring")

    def ready(self) -> None:
        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.core import jobs, navigation, start_page, worklist
        from querschnitt.core.demo import registry
        from querschnitt.monitoring.jobs import stale_imports
        from querschnitt.monitoring.permissions import PERMISSIONS
        from querschnitt.monitoring.start_page import drawn, section_markup, start_section
        from querschnitt.monitoring.worklist import monitoring_pending_work

        register_permissions(PERMISSIONS)
        section = _("Monitoring")
        links = [
            (_("Figures and imports"), "staff:monitoring_home", "monitoring.import"),
            (_("Import statistics"), "staff:monitoring_import", "monitoring.import"),
            (_("Indicators"), "staff:monitoring_indicators", "monitoring.manage"),
            (_("Integration reports"), "staff:monitoring_reports", "monitoring.manage"),
            (_("Sources"), "staff:monitoring_sources", "monitoring.manage"),
            (_("Districts"), "staff:monitoring_areas", "monitoring.manage"),
            (_("Open data"), "staff:monitoring_settings", "monitoring.manage"),
        ]
        navigation.register_staff(
            *(
                navigation.StaffLink(label, url_name, permission, section=section, order=60 + i)
                for i, (label, url_name, permission) in enumerate(links)
            )
        )
        navigation.register_public(
            navigation.PublicLink(
                _("Integration monitoring"),
                "monitoring:overview",
                60,
                promise=_("its integration monitoring: figures over the years, with their sources"),
            )
        )
        start_page.register(
            start_page.Section(
                "monitoring",
                "monitoring/start_section.html",
                start_section,
                60,
                write=section_markup,
                drawn=drawn,
            )
        )
        worklist.register(monitoring_pending_work)
        registry.register("monitoring", "querschnitt.monitoring.demo.load_monitoring", order=60)
        jobs.register("monitoring.stale_imports", timedelta(minutes=15), stale_imports)
