"""Background tasks of events, run by `manage.py db_worker`."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.events.fetch import FetchError
from querschnitt.events.ical_in import CalendarProblem


@task(queue_name="default")
def subscription_import_task(*, municipality_id: int, subscription_id: int, user_id: int) -> str:
    """Import a format's external calendar now; the outcome is kept on the subscription."""
    from querschnitt.accounts.models import User
    from querschnitt.events.models import CalendarSubscription
    from querschnitt.events.services.imports import subscription_import

    with scopes_disabled():
        municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        subscription = CalendarSubscription.objects.select_related("format").get(
            municipality=municipality, pk=subscription_id
        )
        user = User.objects.filter(pk=user_id).first()
        try:
            counts = subscription_import(subscription=subscription, by=user)
        except (FetchError, CalendarProblem) as problem:
            return str(problem)
    return ", ".join(f"{key}: {value}" for key, value in counts.items())
