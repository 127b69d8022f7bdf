from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "querschnitt.measures"
    label = "measures"
    verbose_name = _("Catalogue of measures and controlling")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from querschnitt.core.demo import registry
        from querschnitt.measures import frozen
        from querschnitt.measures.demo import load_measures

        post_migrate.connect(frozen.ensure_triggers, sender=self)
        # after bodies (30), network (20) and the goals (strategy, 65)
        registry.register("measures", load_measures, order=70)
