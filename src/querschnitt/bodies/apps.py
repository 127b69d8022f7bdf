from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "querschnitt.bodies"
    label = "bodies"
    verbose_name = _("Bodies, meetings and papers")

    def ready(self) -> None:
        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.bodies import jobs as bodies_jobs
        from querschnitt.bodies import signals  # noqa: F401 - connects the receivers
        from querschnitt.bodies.permissions import PERMISSIONS
        from querschnitt.bodies.start_page import drawn_meetings, section_markup, start_section
        from querschnitt.bodies.worklist import bodies_pending_work
        from querschnitt.core import jobs, navigation, start_page, worklist
        from querschnitt.core.demo import registry

        register_permissions(PERMISSIONS)
        section = _("Bodies")
        navigation.register_staff(
            navigation.StaffLink(
                _("Bodies"), "staff:body_list", "bodies.manage", section=section, order=30
            ),
            navigation.StaffLink(
                _("Meetings"), "staff:meeting_list", "bodies.manage", section=section, order=31
            ),
            navigation.StaffLink(
                _("Papers"), "staff:paper_list", "bodies.manage", section=section, order=32
            ),
            navigation.StaffLink(
                _("Resolutions"),
                "staff:resolution_list",
                "bodies.manage",
                section=section,
                order=33,
            ),
            navigation.StaffLink(
                _("Persons"), "staff:person_list", "bodies.manage", section=section, order=34
            ),
            navigation.StaffLink(
                _("Places"), "staff:location_list", "bodies.manage", section=section, order=35
            ),
            navigation.StaffLink(
                _("My bodies"), "staff:my_bodies", "bodies.member", section=section, order=36
            ),
        )
        navigation.register_public(
            navigation.PublicLink(
                _("Bodies and meetings"),
                "bodies:body_list",
                30,
                promise=_("its committees and advisory councils, their meetings and papers"),
            )
        )
        registry.register("bodies", "querschnitt.bodies.demo.load_bodies", order=30)
        start_page.register(
            start_page.Section(
                "bodies",
                "bodies/start_section.html",
                start_section,
                50,
                write=section_markup,
                drawn=drawn_meetings,
            )
        )
        worklist.register(bodies_pending_work)
        jobs.register(
            "bodies.notify_subscribers", timedelta(hours=1), bodies_jobs.notify_subscribers
        )
        jobs.register(
            "bodies.expire_unconfirmed_subscriptions",
            timedelta(days=1),
            bodies_jobs.expire_unconfirmed_subscriptions,
        )
