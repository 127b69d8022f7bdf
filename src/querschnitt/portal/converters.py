"""Path converters for the fixed page addresses."""

from django.urls import register_converter

from querschnitt.portal.models import PublicPage

PLATFORM_PAGE_KINDS = ("barrierefreiheit", "impressum", "datenschutz")


class PageKindConverter:
    regex = "|".join(PublicPage.Kind.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PlatformPageConverter(PageKindConverter):
    regex = "|".join(PLATFORM_PAGE_KINDS)


register_converter(PageKindConverter, "page_kind")
register_converter(PlatformPageConverter, "platform_page")
