from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "querschnitt.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from querschnitt.core import navigation

        navigation.register_staff(
            navigation.StaffLink(
                _("Users and roles"),
                "staff:user_list",
                "users.manage",
                section=_("Administration"),
                order=92,
            ),
        )
