from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "querschnitt.events"
    label = "events"
    verbose_name = _("Events and working groups")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from querschnitt.accounts.permissions import register_permissions
        from querschnitt.bodies.models import Meeting
        from querschnitt.core import (
            jobs,
            navigation,
            personal_data,
            retention,
            start_page,
            worklist,
        )
        from querschnitt.core.demo import registry
        from querschnitt.events import jobs as events_jobs
        from querschnitt.events.permissions import (
            PERMISSIONS,
            represents_an_organisation,
            sits_on_a_body,
        )
        from querschnitt.events.personal_data import PROVIDER
        from querschnitt.events.retention import KINDS
        from querschnitt.events.signals import meeting_saved
        from querschnitt.events.start_page import drawn_dates, start_section
        from querschnitt.events.start_rows import section_markup
        from querschnitt.events.worklist import events_pending_work

        register_permissions(PERMISSIONS)
        section = _("Events")
        navigation.register_staff(
            navigation.StaffLink(
                _("Events"), "staff:event_list", "events.manage", section=section, order=40
            ),
            navigation.StaffLink(
                _("Dates and registrations"),
                "staff:date_list",
                "events.manage",
                section=section,
                order=41,
            ),
            navigation.StaffLink(
                _("Formats"), "staff:format_list", "events.manage", section=section, order=42
            ),
            navigation.StaffLink(
                _("Working groups"),
                "staff:working_group_list",
                "events.manage",
                section=section,
                order=43,
            ),
            navigation.StaffLink(
                _("Our events"),
                "staff:partner_event_list",
                "events.submit",
                section=section,
                order=44,
                shown_if=represents_an_organisation,
            ),
            navigation.StaffLink(
                _("My working groups"),
                "staff:my_working_groups",
                "events.follow_working_groups",
                section=section,
                order=45,
                shown_if=sits_on_a_body,
            ),
        )
        navigation.register_public(
            navigation.PublicLink(
                _("Events"), "events:calendar", 25, promise=_("a calendar of its events")
            )
        )
        start_page.register(
            start_page.Section(
                "events",
                "events/start_section.html",
                start_section,
                45,
                write=section_markup,
                drawn=drawn_dates,
            )
        )
        worklist.register(events_pending_work)
        registry.register("events", "querschnitt.events.demo.load_events", order=40)
        jobs.register("events.waiting_lists", timedelta(minutes=5), events_jobs.waiting_lists)
        jobs.register("events.reminders", timedelta(minutes=15), events_jobs.reminders)
        jobs.register(
            "events.calendar_imports", timedelta(minutes=15), events_jobs.calendar_imports
        )
        for kind in KINDS:
            retention.register(kind)
        personal_data.register(PROVIDER)
        post_save.connect(meeting_saved, sender=Meeting, dispatch_uid="events-follow-meeting")
