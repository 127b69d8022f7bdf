from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "querschnitt.measures"
    label = "measures"
    verbose_name = _("Catalogue of measures and controlling")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.core import jobs, navigation, personal_data, start_page, worklist
        from querschnitt.core.demo import registry
        from querschnitt.measures import frozen
        from querschnitt.measures import jobs as measures_jobs
        from querschnitt.measures.permissions import PERMISSIONS
        from querschnitt.measures.personal_data import PROVIDER
        from querschnitt.measures.report_section import render_measures
        from querschnitt.measures.start_page import drawn_total, section_markup, start_section
        from querschnitt.measures.worklist import measures_pending_work
        from querschnitt.monitoring import report_sections

        post_migrate.connect(frozen.ensure_triggers, sender=self)
        register_permissions(PERMISSIONS)
        section = _("Measures")
        links = [
            (_("Measures"), "staff:measure_list", "measures.propose"),
            (_("Reporting"), "staff:reporting", "measures.report"),
            (_("Controlling"), "staff:controlling", "measures.manage"),
            (_("Catalogue editions"), "staff:catalogue_list", "measures.manage"),
            (_("Decision path"), "staff:decision_path", "measures.manage"),
            (_("Inventory"), "staff:inventory", "measures.report"),
            (_("Council reports"), "staff:council_reports", "measures.manage"),
            (_("Import and export"), "staff:measures_import", "measures.manage"),
        ]
        navigation.register_staff(
            *(
                navigation.StaffLink(label, url_name, permission, section=section, order=51 + i)
                for i, (label, url_name, permission) in enumerate(links)
            )
        )
        navigation.register_public(
            navigation.PublicLink(
                _("Measures"),
                "measures:catalogue",
                50,
                promise=_("its catalogue of measures and how far it has come"),
            )
        )
        start_page.register(
            start_page.Section(
                "measures",
                "measures/start_section.html",
                start_section,
                55,
                write=section_markup,
                drawn=drawn_total,
            )
        )
        worklist.register(measures_pending_work)
        jobs.register(
            "measures.remind_late_reports", timedelta(days=1), measures_jobs.remind_late_reports
        )
        personal_data.register(PROVIDER)
        report_sections.register(
            report_sections.SectionKind(
                "measures", _("state of the catalogue of measures"), render_measures
            )
        )
        # after bodies (30), network (20) and the goals (strategy, 65)
        registry.register("measures", "querschnitt.measures.demo.load_measures", order=70)
