"""The organisation page's content block is rendered once per content version, the
organisation's last change, its topics and languages, the language and the URL map
(`OrganisationDetail.content`, from `network/_organisation_content.html`): it is the block
the page had in its own template (kept here), for every public organisation of both towns
in three languages; a remembered page is the page made afresh, and a change shows at once."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.core.models import Municipality
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.directory import public_organisation
from querschnitt.network.views.directory import OrganisationDetail

pytestmark = pytest.mark.django_db

# The content block as it stood in network/organisation_detail.html.
OLD_BLOCK = """{% load i18n %}
  <p class="kern-body"><a class="kern-link" href="{% murl 'network:directory' %}">{% translate "All organisations and initiatives" %}</a></p>
  <div class="qs-org-page">
    <div class="qs-org-page__main">
      <div class="kern-hgroup">
        <p class="kern-preline">{{ organisation.get_kind_display }}</p>
        <h1 class="kern-heading-large"><bdi lang="de">{{ organisation.name }}</bdi></h1>
      </div>
      {% if organisation.is_example %}
        <p class="kern-body"><span class="kern-badge kern-badge--warning"><span class="kern-label">{% translate "Example data: this organisation is fictional." %}</span></span></p>
      {% endif %}
      {% if logo_url %}
        <img class="qs-org-page__logo" src="{{ logo_url }}" alt="{% blocktranslate with name=organisation.name %}Logo of {{ name }}{% endblocktranslate %}">
      {% endif %}
      <section aria-labelledby="offers">
        <h2 class="kern-heading-medium" id="offers">{% translate "What we offer" %}</h2>
        {% if organisation.description %}
          {% translated_text organisation.description %}
        {% else %}
          <p class="kern-body">{% translate "This organisation has not described its offers yet." %}</p>
        {% endif %}
      </section>
      {% if topics %}
        <section aria-labelledby="topics">
          <h2 class="kern-heading-medium" id="topics">{% translate "Topics" %}</h2>
          <ul class="kern-list">{% for topic in topics %}<li>{{ topic }}</li>{% endfor %}</ul>
        </section>
      {% endif %}
      {% if languages %}
        <section aria-labelledby="languages">
          <h2 class="kern-heading-medium" id="languages">{% translate "Languages spoken" %}</h2>
          <ul class="kern-list">{% for language in languages %}<li>{{ language }}</li>{% endfor %}</ul>
        </section>
      {% endif %}
    </div>
    <section class="qs-org-page__contact" aria-labelledby="contact">
      <h2 class="kern-heading-medium" id="contact">{% translate "Address and contact" %}</h2>
      <dl class="kern-description-list">
        {% if organisation.street or organisation.postal_code or organisation.city %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "Address" %}</dt>
            <dd class="kern-description-list-item__value"><bdi lang="de" dir="ltr">{% if organisation.street %}{{ organisation.street }}<br>{% endif %}{{ organisation.postal_code }} {{ organisation.city }}</bdi></dd>
          </div>
        {% endif %}
        {% if organisation.district %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "District" %}</dt>
            <dd class="kern-description-list-item__value"><bdi lang="de">{{ organisation.district.name }}</bdi></dd>
          </div>
        {% endif %}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{% translate "Step-free access" %}</dt>
          <dd class="kern-description-list-item__value">{{ organisation.wheelchair_accessible_label }}</dd>
        </div>
        {% if organisation.public_email %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "E-mail" %}</dt>
            <dd class="kern-description-list-item__value"><bdi dir="ltr"><a class="kern-link" href="mailto:{{ organisation.public_email }}">{{ organisation.public_email }}</a></bdi></dd>
          </div>
        {% endif %}
        {% if organisation.public_phone %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "Telephone" %}</dt>
            <dd class="kern-description-list-item__value"><bdi dir="ltr"><a class="kern-link" href="tel:{{ organisation.public_phone|cut:' ' }}">{{ organisation.public_phone }}</a></bdi></dd>
          </div>
        {% endif %}
        {% if organisation.website %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "Website" %}</dt>
            <dd class="kern-description-list-item__value"><bdi dir="ltr"><a class="kern-link" href="{{ organisation.website }}" rel="noopener">{{ organisation.website }}</a></bdi></dd>
          </div>
        {% endif %}
        {% if map_link %}
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{% translate "Map" %}</dt>
            <dd class="kern-description-list-item__value"><a class="kern-link" href="{{ map_link }}" rel="noopener">{% translate "Show the location on OpenStreetMap" %}</a></dd>
          </div>
        {% endif %}
      </dl>
      {% if map.tile_url and organisation.latitude is not None and organisation.longitude is not None %}
        <div id="organisation-map" class="qs-map qs-map--small" role="region" aria-label="{% translate 'Map with the location of the organisation' %}"
             data-tile-url="{{ map.tile_url }}" data-attribution="{{ map.attribution }}" data-markers="#organisation-location" data-zoom="16"></div>
        <div id="organisation-location" hidden><span data-map-marker data-lat="{{ organisation.latitude|stringformat:'f' }}" data-lon="{{ organisation.longitude|stringformat:'f' }}" data-name="{{ organisation.name }}"></span></div>
      {% endif %}
    </section>
  </div>
"""  # noqa: E501


def test_the_content_is_the_old_block() -> None:
    old = engines["django"].from_string(OLD_BLOCK)
    with scopes_disabled():
        found = list(
            Organisation.objects.filter(status="published", visibility="public").values_list(
                "pk", "municipality"
            )
        )
    assert len({town for _, town in found}) == 2
    for pk, town in found:
        municipality = Municipality.objects.get(pk=town)
        with scope(municipality=municipality):
            for language in ("de", "en", "ar"):
                with translation.override(language):
                    request = RequestFactory().get(f"/{municipality.slug}/akteure/{pk}/")
                    request.municipality = municipality  # type: ignore[attr-defined]
                    view = OrganisationDetail(request=request, kwargs={"pk": pk}, args=())
                    view.load_objects()
                    context = view.get_context_data()
                    assert public_organisation(municipality=municipality, pk=pk) is not None
                    assert context["organisation_content"] == old.render(
                        {
                            key: context[key]
                            for key in (
                                "organisation",
                                "logo_url",
                                "topics",
                                "languages",
                                "map",
                                "map_link",
                                "municipality",
                            )
                        }
                    ), (pk, language)


def test_a_remembered_page_is_a_fresh_one_and_a_change_shows(mannheim) -> None:
    with scope(municipality=mannheim):
        organisation = (
            Organisation.objects.filter(status="published", visibility="public")
            .order_by("pk")
            .first()
        )
    path = f"/mannheim/akteure/{organisation.pk}/"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    for language in ("de", "ar", "de", "ar"):
        assert public_page(path, language) == fresh[language]
    with scope(municipality=mannheim):
        organisation.public_phone = "0621 999 999"
        organisation.save()
    assert b"0621 999 999" in public_page(path, "de")
