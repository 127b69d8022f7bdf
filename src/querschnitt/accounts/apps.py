from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "querschnitt.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from querschnitt.accounts.jobs import expire_invitations
        from querschnitt.accounts.personal_data import PROVIDER
        from querschnitt.accounts.retention import SIGNIN_LOG
        from querschnitt.core import jobs, navigation, personal_data, retention

        navigation.register_staff(
            navigation.StaffLink(
                _("Users and roles"),
                "staff:user_list",
                "users.manage",
                section=_("Administration"),
                order=92,
            ),
            navigation.StaffLink(
                _("Your account"), "accounts:account", "account.manage_own", order=99
            ),
        )
        jobs.register("accounts.expire_invitations", timedelta(days=1), expire_invitations)
        retention.register(SIGNIN_LOG)
        personal_data.register(PROVIDER)
