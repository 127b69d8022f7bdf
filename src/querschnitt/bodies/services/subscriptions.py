"""Subscriptions of the public: to a paper search or to a body, by e-mail with double opt-in
and a working unsubscribe link in every message."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.bodies.models import Body, Meeting, Paper, Subscription
from querschnitt.bodies.selectors.papers import PaperFilters, paper_search
from querschnitt.bodies.visibility import PUBLIC, meeting_q
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse

SALT = "bodies.subscription"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
MAX_LISTED = 20


def token_for(subscription: Subscription, purpose: str) -> str:
    return signing.dumps(
        {"s": subscription.pk, "p": purpose}, salt=f"{SALT}:{subscription.municipality_id}"
    )


def subscription_from_token(
    *, municipality: Municipality, token: str, purpose: str, max_age: int | None = None
) -> Subscription | None:
    """The subscription a link names; None when the link is forged, expired or used up."""
    try:
        data = signing.loads(token, salt=f"{SALT}:{municipality.pk}", max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("s"), int):
        return None
    return Subscription.objects.filter(municipality=municipality, pk=data["s"]).first()


def _link(base_url: str, municipality: Municipality, name: str, **kwargs: Any) -> str:
    return base_url.rstrip("/") + municipality_reverse(municipality, name, **kwargs)


@transaction.atomic
def subscription_request(
    *,
    municipality: Municipality,
    email: str,
    body: Body | None,
    filters: PaperFilters | None,
    language: str,
    base_url: str,
) -> Subscription:
    """Record a wish to be told and ask the address to confirm it (nothing is sent before)."""
    if body is not None and body.municipality_id != municipality.pk:
        raise ValueError("body of another municipality")
    subscription = Subscription.objects.create(
        municipality=municipality,
        email=email.strip(),
        body=body,
        search=filters.to_json() if filters and body is None else {},
        language=language,
    )
    link = _link(
        base_url,
        municipality,
        "bodies:subscription_confirm",
        token=token_for(subscription, "confirm"),
    )
    with translation.override(language):
        body_text = render_to_string(
            "bodies/email/subscription_confirm.txt",
            {
                "municipality": municipality,
                "subscription": subscription,
                "link": link,
                "description": subscription_description(subscription),
            },
        )
        subject = _("Please confirm your subscription – %(name)s") % {"name": municipality.name}
    send_mail(subject, body_text, None, [subscription.email])
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.notified_until = subscription.confirmed_at
        subscription.save(update_fields=["confirmed_at", "notified_until"])
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> None:
    """Unsubscribe: the address is removed, nothing of it is kept."""
    subscription.delete()


def subscription_description(subscription: Subscription) -> str:
    if subscription.body_id:
        return _("New meetings and papers of %(body)s") % {"body": subscription.body}
    filters = PaperFilters.from_json(subscription.search)
    parts = []
    if filters.query:
        parts.append(_("words “%(q)s”") % {"q": filters.query})
    if filters.reference:
        parts.append(_("reference %(r)s") % {"r": filters.reference})
    if filters.paper_type:
        parts.append(str(Paper.Type(filters.paper_type).label))
    if filters.body:
        body = Body.objects.filter(
            municipality=subscription.municipality_id, pk=filters.body
        ).first()
        if body:
            parts.append(str(body))
    return _("New papers: %(what)s") % {"what": ", ".join(parts) or _("all")}


def news_for(subscription: Subscription, since: datetime, until: datetime) -> dict[str, list[Any]]:
    """What the public can see that was published in the time span and matches."""
    municipality = subscription.municipality
    if subscription.body_id:
        meetings = list(
            Meeting.objects.filter(municipality=municipality, body=subscription.body_id)
            .filter(meeting_q(PUBLIC))
            .filter(published_at__gt=since, published_at__lte=until)
            .order_by("start")[:MAX_LISTED]
        )
        filters = PaperFilters(body=subscription.body_id)
    else:
        meetings = []
        filters = PaperFilters.from_json(subscription.search)
    search = paper_search(municipality=municipality, viewer=PUBLIC, filters=filters)
    papers = list(
        search.listed(broad=search.count()[1]).filter(
            published_at__gt=since, published_at__lte=until
        )[:MAX_LISTED]
    )
    return {"meetings": meetings, "papers": papers}


def subscription_notify(
    *, subscription: Subscription, base_url: str, now: datetime | None = None
) -> bool:
    """Tell one confirmed subscriber what is new; returns whether an e-mail went out."""
    now = now or timezone.now()
    since = subscription.notified_until or subscription.confirmed_at or now
    news = news_for(subscription, since, now)
    sent = False
    if news["meetings"] or news["papers"]:
        municipality = subscription.municipality
        unsubscribe = _link(
            base_url,
            municipality,
            "bodies:subscription_cancel",
            token=token_for(subscription, "cancel"),
        )
        with translation.override(subscription.language):
            text = render_to_string(
                "bodies/email/subscription_news.txt",
                {
                    "municipality": municipality,
                    "description": subscription_description(subscription),
                    "news": news,
                    "base_url": base_url.rstrip("/"),
                    "unsubscribe": unsubscribe,
                },
            )
            subject = _("New in %(what)s") % {"what": subscription_description(subscription)}
        EmailMessage(
            subject=subject[:150],
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ).send()
        sent = True
    Subscription.objects.filter(pk=subscription.pk).update(notified_until=now)
    return sent
