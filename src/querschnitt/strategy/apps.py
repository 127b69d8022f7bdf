from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "querschnitt.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from querschnitt.core import start_page
        from querschnitt.core.demo import registry
        from querschnitt.strategy.demo import load_fields_of_action
        from querschnitt.strategy.selectors import start_section

        registry.register("strategy.fields_of_action", load_fields_of_action, order=10)
        start_page.register(
            start_page.Section(
                "strategy.fields_of_action", "strategy/start_section.html", start_section, 20
            )
        )
