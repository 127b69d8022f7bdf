"""The start page's description (`portal_text.linebreaks_kept`) and JSON-LD
(`selectors.office_script`), remembered by what they are made of, are what the `linebreaks`
filter and `json_ld_script` over the office's schema.org data wrote, for any text."""

from django.template.defaultfilters import linebreaks_filter
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.core.templatetags.querschnitt import json_ld_script
from querschnitt.portal.selectors import office_script
from querschnitt.portal.templatetags.portal_text import linebreaks_kept

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
lines = st.lists(st.sampled_from(["a <b>", "&amp;", "\n", "\n\n", "\r\n", " ", "ع"]), max_size=8)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(text, lines.map("".join)), safe=st.booleans(), autoescape=st.booleans())
def test_the_description_is_the_linebreaks_filter(value, safe, autoescape) -> None:
    shown = mark_safe(value) if safe else value
    for _again in range(2):
        assert linebreaks_kept(shown, autoescape) == linebreaks_filter(shown, autoescape)


def office_json_ld(municipality: Municipality) -> dict:
    """`portal.selectors.office_json_ld` before its script was remembered."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": municipality.office_name,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": municipality.name},
        "areaServed": municipality.name,
    }
    if description := municipality.description.text:
        data["description"] = description
    if municipality.contact_email:
        data["email"] = municipality.contact_email
    if municipality.contact_phone:
        data["telephone"] = municipality.contact_phone
    if municipality.website:
        data["url"] = municipality.website
    if municipality.contact_address:
        data["address"] = municipality.contact_address.replace("\n", ", ")
    return data


optional = st.one_of(st.just(""), text)


@settings(max_examples=200, deadline=None)
@given(
    office_name=text,
    name=text,
    description=st.dictionaries(st.sampled_from(["de", "en", "ar"]), text, max_size=3),
    email=optional,
    phone=optional,
    website=optional,
    address=st.one_of(st.just(""), lines.map("".join), text),
    language=st.sampled_from(["de", "en", "ar", "fa"]),
)
def test_the_json_ld_is_the_office_data_written(
    office_name, name, description, email, phone, website, address, language
) -> None:
    municipality = Municipality(
        slug="mannheim",
        name=name,
        office_name=office_name,
        office_description=description,
        contact_email=email,
        contact_phone=phone,
        website=website,
        contact_address=address,
    )
    with translation.override(language):
        for _again in range(2):
            assert office_script(municipality=municipality) == json_ld_script(
                office_json_ld(municipality)
            )
