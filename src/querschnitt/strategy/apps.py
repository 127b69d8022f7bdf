from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "querschnitt.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.core import navigation, start_page
        from querschnitt.core.demo import registry
        from querschnitt.strategy.permissions import PERMISSIONS
        from querschnitt.strategy.selectors import drawn_cards, start_section
        from querschnitt.strategy.start_rows import section_markup

        register_permissions(PERMISSIONS)
        navigation.register_staff(
            navigation.StaffLink(
                _("Goals and indicators"),
                "staff:goal_list",
                "strategy.manage",
                section=_("Measures"),
                order=50,
            )
        )
        registry.register(
            "strategy.fields_of_action", "querschnitt.strategy.demo.load_fields_of_action", order=10
        )
        # after the monitoring (60): controlling indicators may point to its indicators
        registry.register("strategy.goals", "querschnitt.strategy.demo_goals.load_goals", order=65)
        start_page.register(
            start_page.Section(
                "strategy.fields_of_action",
                "strategy/start_section.html",
                start_section,
                20,
                write=section_markup,
                drawn=drawn_cards,
            )
        )
