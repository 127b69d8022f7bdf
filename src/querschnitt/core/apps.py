from datetime import timedelta

from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "querschnitt.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from querschnitt.core import (
            housekeeping,
            jobs,
            navigation,
            personal_data,
            retention,
            translate_tag,
        )
        from querschnitt.core.files import track_file_fields
        from querschnitt.core.models import Municipality, TenantModel
        from querschnitt.core.page_cache import content_changed, municipality_saved
        from querschnitt.core.personal_data_platform import PROVIDER

        translate_tag.install()
        for model in apps.get_models():
            track_file_fields(model)
            if issubclass(model, TenantModel) and model.shown_on_public_pages:
                post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}-d")
        post_save.connect(municipality_saved, sender=Municipality, dispatch_uid="cache-rows")
        post_delete.connect(municipality_saved, sender=Municipality, dispatch_uid="cache-rows-d")

        administration = _("Administration")
        navigation.register_staff(
            navigation.StaffLink(_("Overview"), "staff:dashboard", "staff_area.view", order=0),
            navigation.StaffLink(
                _("Settings"),
                "staff:settings",
                "municipality.change_settings",
                section=administration,
                order=90,
            ),
            navigation.StaffLink(
                _("Departments"),
                "staff:department_list",
                "departments.view",
                section=administration,
                order=91,
            ),
            navigation.StaffLink(
                _("Audit trail"), "staff:audit", "audit.view", section=administration, order=93
            ),
            navigation.StaffLink(
                _("Personal data"),
                "staff:personal_data",
                "personal_data.manage",
                section=administration,
                order=94,
            ),
        )
        jobs.register("core.clear_sessions", timedelta(days=1), housekeeping.clear_sessions)
        jobs.register("core.retention", timedelta(days=1), retention.retention_job)
        retention.register(housekeeping.AUDIT_ENTRIES)
        retention.register(housekeeping.TASK_RESULTS)
        personal_data.register(PROVIDER)
