from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "querschnitt.monitoring"
    label = "monitoring"
    verbose_name = _("Integration monitoring")

    def ready(self) -> None:
        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.core.demo import registry
        from querschnitt.monitoring.demo import load_monitoring
        from querschnitt.monitoring.permissions import PERMISSIONS

        register_permissions(PERMISSIONS)
        registry.register("monitoring", load_monitoring, order=60)
