from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "querschnitt.network"
    label = "network"
    verbose_name = _("Network of local actors")

    def ready(self) -> None:
        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.core import (
            jobs,
            navigation,
            personal_data,
            retention,
            start_page,
            worklist,
        )
        from querschnitt.core.demo import registry
        from querschnitt.network.permissions import PERMISSIONS, represents_an_organisation
        from querschnitt.network.personal_data import PROVIDER
        from querschnitt.network.retention import KINDS
        from querschnitt.network.search import listed_words_fold
        from querschnitt.network.start_page import drawn_alliances, section_markup, start_section
        from querschnitt.network.worklist import network_pending_work

        register_permissions(PERMISSIONS)
        section = _("Network")
        navigation.register_staff(
            navigation.StaffLink(
                _("Organisations"),
                "staff:organisation_list",
                "network.manage",
                section=section,
                order=20,
            ),
            navigation.StaffLink(
                _("Requests and changes"),
                "staff:entry_queue",
                "network.manage",
                section=section,
                order=21,
            ),
            navigation.StaffLink(
                _("Signatures"),
                "staff:signature_queue",
                "network.manage",
                section=section,
                order=22,
            ),
            navigation.StaffLink(
                _("Contacts"), "staff:contact_list", "network.manage", section=section, order=23
            ),
            navigation.StaffLink(
                _("Mailings"), "staff:mailing_list", "network.manage", section=section, order=24
            ),
            navigation.StaffLink(
                _("Import"), "staff:import_upload", "network.manage", section=section, order=25
            ),
            navigation.StaffLink(
                _("My organisation"),
                "staff:my_organisations",
                "network.represent",
                section=section,
                order=26,
                shown_if=represents_an_organisation,
            ),
        )
        navigation.register_public(
            navigation.PublicLink(
                _("Organisations and initiatives"),
                "network:directory",
                20,
                promise=_("its network of local organisations and initiatives"),
            )
        )
        registry.register("network", "querschnitt.network.demo.load_network", order=20)
        worklist.register(network_pending_work)
        registry.register(
            "network.logos", "querschnitt.network.demo_logos.load_demo_logos", order=25
        )
        start_page.register(
            start_page.Section(
                "network",
                "network/start_section.html",
                start_section,
                40,
                write=section_markup,
                drawn=drawn_alliances,
            )
        )
        # Unconfirmed requests and signatures expire by the daily retention job (`core.retention`).
        for kind in KINDS:
            retention.register(kind)
        personal_data.register(PROVIDER)
        jobs.register("network.fold_listed_words", timedelta(hours=1), listed_words_fold)
