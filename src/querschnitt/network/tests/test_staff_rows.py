"""The rows of the staff lists written out in Python give exactly what their templates gave,
for any text, in every language, for every variant of a row (and for an empty list)."""

import datetime
import zoneinfo
from collections import namedtuple

from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import (
    Contact,
    Declaration,
    DeclarationVersion,
    District,
    Organisation,
    Signature,
)
from querschnitt.network.selectors.declarations import waiting_times
from querschnitt.network.selectors.directory import STAFF_ROW_FIELDS
from querschnitt.network.staff_rows import contact_rows, organisation_rows, signature_rows

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
ids = st.integers(1, 10**9)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)

# The loops the functions replace, as they stood in the list templates.
ORGANISATION_LOOP = """{% load i18n querschnitt %}{% for row in rows %}{% with organisation=row.organisation %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:organisation_edit' pk=organisation.pk %}"><bdi lang="de">{{ organisation.name }}</bdi></a></th>
            <td class="kern-table__cell">{{ organisation.get_kind_display }}</td>
            <td class="kern-table__cell">{{ organisation.get_status_display }}</td>
            <td class="kern-table__cell">{{ organisation.get_visibility_display }}</td>
            <td class="kern-table__cell"><bdi lang="de">{{ organisation.district.name|default:"–" }}</bdi></td>
            <td class="kern-table__cell">
              {% if row.outside %}<span class="kern-badge kern-badge--warning" data-flag="location"><span class="kern-label">{% translate "Check location" %}</span></span>{% endif %}
              {% if organisation.is_example %}<span class="kern-badge kern-badge--info"><span class="kern-label">{% translate "Example" %}</span></span>{% endif %}
            </td>
          </tr>
        {% endwith %}{% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="6">{% translate "No organisations found." %}</td></tr>
        {% endfor %}"""  # noqa: E501
CONTACT_LOOP = """{% load i18n querschnitt %}{% for contact in object_list %}
          <tr class="kern-table__row">
            <td class="kern-table__cell"><a class="kern-link" href="{% murl 'staff:contact_edit' pk=contact.pk %}">{{ contact.name }}</a></td>
            <td class="kern-table__cell">{{ contact.organisation.name|default:"–" }}</td>
            <td class="kern-table__cell">{{ contact.function|default:"–" }}</td>
            <td class="kern-table__cell">{{ contact.email|default:"–" }}</td>
            <td class="kern-table__cell">{% if contact.has_mailing_consent %}<span class="kern-badge kern-badge--success"><span class="kern-label">{% translate "yes" %}</span></span>{% else %}<span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "no" %}</span></span>{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">{% translate "No contacts found." %}</td></tr>
        {% endfor %}"""  # noqa: E501
SIGNATURE_LOOP = """{% load i18n querschnitt %}{% for signature in object_list %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'staff:signature_decide' pk=signature.pk %}"><bdi>{{ signature.organisation.name }}</bdi></a></th>
            <td class="kern-table__cell">{% with title=signature.declaration.title|translated %}<span lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</span>{% endwith %} (<bdi lang="de">{{ signature.version.label }}</bdi>)</td>
            <td class="kern-table__cell">{{ signature.get_state_display }}</td>
            <td class="kern-table__cell"><time datetime="{{ signature.submitted_at|date:'c' }}">{{ signature.submitted_at|date:"SHORT_DATE_FORMAT" }}</time></td>
            <td class="kern-table__cell">
              {% if signature.waiting %}
                {% blocktranslate count days=signature.waiting.days %}{{ days }} day{% plural %}{{ days }} days{% endblocktranslate %}
                {% if signature.waiting.past_target %}<span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "past the target" %}</span></span>{% endif %}
              {% else %}–{% endif %}
            </td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="5">{% translate "No signatures in this state." %}</td></tr>
        {% endfor %}"""  # noqa: E501


def templated(loop: str, **context: object) -> str:
    return Template(loop).render(Context({"municipality": MUNICIPALITY, **context}))


organisations = st.builds(
    lambda pk, name, kind, status, visibility, example, district: Organisation(
        pk=pk,
        name=name,
        kind=kind,
        status=status,
        visibility=visibility,
        is_example=example,
        district=None if district is None else District(pk=1, name=district),
    ),
    ids,
    text,
    st.sampled_from([*Organisation.Kind.values, "", "unknown"]),
    st.sampled_from(Organisation.Status.values),
    st.sampled_from(Visibility.values),
    st.booleans(),
    st.one_of(st.none(), text),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries({"organisation": organisations, "outside": st.booleans()}), max_size=4
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_organisation_rows_are_the_template_rows(rows, language) -> None:
    # what `values_list(…, named=True)` gives
    named = namedtuple("Row", STAFF_ROW_FIELDS)  # type: ignore[misc]
    values = [
        {
            "organisation": named(
                *(
                    getattr(row["organisation"].district, "name", None)
                    if field == "district__name"
                    else getattr(row["organisation"], field)
                    for field in STAFF_ROW_FIELDS
                )
            ),
            "outside": row["outside"],
        }
        for row in rows
    ]
    with translation.override(language):
        assert organisation_rows(values, municipality=MUNICIPALITY) == templated(
            ORGANISATION_LOOP, rows=rows
        )


def contact(pk, name, organisation, function, email, consent) -> Contact:
    person = Contact(pk=pk, name=name, function=function, email=email)
    person.organisation = None if organisation is None else Organisation(pk=1, name=organisation)
    person.has_mailing_consent = consent  # type: ignore[attr-defined]
    return person


@settings(max_examples=150, deadline=None)
@given(
    contacts=st.lists(
        st.builds(contact, ids, text, st.one_of(st.none(), text), text, text, st.booleans()),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_contact_rows_are_the_template_rows(contacts, language) -> None:
    with translation.override(language):
        values = [
            {
                "id": person.pk,
                "name": person.name,
                "email": person.email,
                "function": person.function,
                "organisation__name": getattr(person.organisation, "name", None),
                "has_mailing_consent": person.has_mailing_consent,
            }
            for person in contacts
        ]
        assert contact_rows(values, municipality=MUNICIPALITY) == templated(
            CONTACT_LOOP, object_list=contacts
        )


def signature(pk, organisation, title, label, state, submitted_at, confirmed_at) -> Signature:
    signed = Signature(pk=pk, state=state, confirmed_at=confirmed_at)
    signed.submitted_at = submitted_at
    signed.organisation = Organisation(pk=1, name=organisation)
    signed.declaration = Declaration(pk=1, title=title)
    signed.version = DeclarationVersion(pk=1, label=label)
    return signed


def as_values(signed: Signature) -> dict[str, object]:
    """The row as `signature_queue(…).values(*SIGNATURE_ROW_FIELDS)` reads it."""
    return {
        "id": signed.pk,
        "state": signed.state,
        "submitted_at": signed.submitted_at,
        "confirmed_at": signed.confirmed_at,
        "organisation__name": signed.organisation.name,
        "declaration__title": signed.declaration.title,
        "version__label": signed.version.label,
        "waiting": signed.waiting,  # type: ignore[attr-defined]
    }


titles = st.dictionaries(
    st.sampled_from(["de", "en", "ar", "fa", "tr", "uk", "xx"]), text, max_size=3
)


@settings(max_examples=150, deadline=None)
@given(
    signatures=st.lists(
        st.builds(
            signature,
            ids,
            text,
            titles,
            text,
            st.sampled_from(Signature.State.values),
            moments,
            st.one_of(st.none(), moments),
        ),
        max_size=4,
    ),
    target_days=st.integers(0, 60),
    now=moments,
    language=st.sampled_from(LANGUAGES),
    zone=st.sampled_from(["Europe/Berlin", "UTC", "Asia/Tehran", "America/New_York"]),
)
def test_signature_rows_are_the_template_rows(signatures, target_days, now, language, zone) -> None:
    waiting_times(signatures, target_days=target_days, now=now)  # as the view did
    # the zone and language are looked up once a list: each must be the active one
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        written = signature_rows(
            [as_values(signed) for signed in signatures], municipality=MUNICIPALITY
        )
        assert written == templated(SIGNATURE_LOOP, object_list=signatures)
