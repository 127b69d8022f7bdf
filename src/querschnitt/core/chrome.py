"""The frame of every page (head links, header, menus, footer), rendered once and reused.

The frame depends on few things: the municipality's own row (name, office, languages, theme),
the active language, the URL map, the static files and, for the menus, whether someone is
signed in and may open the staff area. A `{% chrome %}` section of a template is rendered the
first time it is asked for with a combination of these, and its markup is reused for every
later page with the same combination, until one of the values the frame is made of changes
(`frame_version`): a change of an organisation or a measure moves the municipality's content
version but leaves the frame as it is.

    {% chrome %}…markup…{% endchrome %}
    {% chrome user.is_authenticated staff_access csrf_token=csrf_token %}…{% endchrome %}

Positional values vary the section (e.g. signed in or not); they must be hashable and must
never be personal (a name, an address): a section is shared by everyone who sees the same
combination. Keyword values are *slots*: what differs per request (the page's own address in
the language menu, the CSRF token of the sign-out form) is put in at every request, escaped as
`{{ value }}` would be; a slot must be printed as it is (`{{ csrf_token }}`, `{% csrf_token %}`),
never through a filter. The cache lives on the template node, so a template reloaded during
development starts afresh.
"""

import re
import secrets
import weakref
from typing import TYPE_CHECKING, Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from querschnitt.core.navigation import public_links, staff_links

if TYPE_CHECKING:
    from querschnitt.core.models import Municipality

# Sections kept per template node: municipalities × languages × variants.
MAX_SECTIONS = 2048
# A marker stands in for a slot while a section is rendered; random per process, so that no
# text of a municipality can contain it.
MARKER_PREFIX = f"qschrome{secrets.token_hex(8)}"


def marker(slot: str) -> str:
    return f"{MARKER_PREFIX}{slot}x"


def frame_version(municipality: "Municipality | None") -> tuple[Any, ...]:
    """What the frame is made of besides the language and a section's own variant.

    The municipality's row values it shows (its address, name, office, languages, and the
    time of its last save, which the theme's link carries), the URL map and the menus'
    registrations (they only grow while the process starts). Nothing else of a municipality's
    data is in the frame: the footer links the legal pages whether they are written or not.
    """
    urls = (get_script_prefix(), len(public_links), len(staff_links))
    if municipality is None:
        return urls
    return (
        municipality.slug,
        municipality.name,
        municipality.office_name,
        tuple(municipality.languages or ()),
        municipality.updated_at,
        *urls,
    )


def frame_of(context: template.Context) -> tuple[Any, str, tuple[Any, ...]]:
    """The municipality's key, the language and `frame_version` of the page being rendered,
    worked out once for all of its sections."""
    render_context = context.render_context
    found = render_context.get(FRAME_KEY)
    if found is None:
        municipality = context.get("municipality")
        found = (
            municipality.pk if municipality is not None else None,
            get_language(),
            frame_version(municipality),
        )
        render_context[FRAME_KEY] = found
    return found


FRAME_KEY = "querschnitt.chrome.frame"

_nodes: "weakref.WeakSet[ChromeNode]" = weakref.WeakSet()


@receiver(setting_changed)
def clear_sections(**kwargs: Any) -> None:
    """Forget every rendered section (settings changed in a test; tests start afresh)."""
    for node in list(_nodes):
        node.sections.clear()


class ChromeNode(Node):
    # Django looks for blocks in every nodelist of a parent template on each page it renders;
    # a section holds no blocks (`do_chrome` refuses them), so it need not look in here.
    child_nodelists = ()

    def __init__(
        self, nodelist: NodeList, vary: list[FilterExpression], slots: dict[str, FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.vary = vary
        self.slots = slots
        self.split = re.compile("(" + "|".join(marker(slot) for slot in slots) + ")")
        self.sections: dict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[SafeString, ...]]] = {}
        _nodes.add(self)

    def render(self, context: template.Context) -> SafeString:
        municipality, language, version = frame_of(context)
        key = (municipality, language, *[value.resolve(context) for value in self.vary])
        found = self.sections.get(key)
        if found is None or found[0] != version:
            found = (version, self.render_parts(context))
            if len(self.sections) >= MAX_SECTIONS:
                self.sections.pop(next(iter(self.sections)), None)
            self.sections[key] = found
        parts = found[1]
        if len(parts) == 1:
            return parts[0]
        values = {
            slot: str(conditional_escape(expression.resolve(context)))
            for slot, expression in self.slots.items()
        }
        # Odd positions hold the slots' names, even ones the markup between them.
        return SafeString(
            "".join(values[part] if index % 2 else part for index, part in enumerate(parts))
        )

    def render_parts(self, context: template.Context) -> tuple[SafeString, ...]:
        if not self.slots:
            return (SafeString(self.nodelist.render(context)),)
        with context.push({slot: marker(slot) for slot in self.slots}):
            markup = self.nodelist.render(context)
        by_marker = {marker(slot): SafeString(slot) for slot in self.slots}
        return tuple(
            by_marker[part] if index % 2 == 1 else SafeString(part)
            for index, part in enumerate(self.split.split(markup))
        )


def do_chrome(parser: Parser, token: Token) -> ChromeNode:
    bits = token.split_contents()[1:]
    vary = [parser.compile_filter(bit) for bit in bits if "=" not in bit]
    slots = {
        name: parser.compile_filter(value)
        for name, value in (bit.split("=", 1) for bit in bits if "=" in bit)
    }
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("A {% chrome %} section cannot hold a {% block %}.")
    return ChromeNode(nodelist, vary, slots)
