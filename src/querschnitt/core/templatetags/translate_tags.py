"""Django's `i18n` library, with `{% translate "literal" %}` written without its detours.

Every page has a dozen `{% translate "…" %}` tags of a plain text; Django resolves each as a
variable, makes a lazy translation of it, localises and escapes that, ~15 µs a tag. For a
quoted literal without filters or context the answer is known in advance: the translation of
the literal (marked safe, as a literal is) with its doubled percent signs restored. Every
other form of the tag is Django's own. `core/tests/test_translate_tags.py` renders each form
with both libraries. The settings name this module as the `i18n` library.
"""

from typing import Any

from django import template
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


class LiteralTranslateNode(i18n.TranslateNode):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        var = self.filter_expression.var
        literal = (
            isinstance(var, Variable)
            and isinstance(var.literal, SafeString)
            and not self.filter_expression.filters
            and not self.noop
            and self.message_context is None
        )
        # what `Variable.resolve` hands to gettext: the literal, its percent signs doubled (as
        # plain text: the answer is marked safe below, as gettext would mark it for a literal)
        self.msgid = str(var.literal.replace("%", "%%")) if literal else None

    def render(self, context: template.Context) -> str:
        if self.msgid is None:
            return super().render(context)
        value = SafeString(gettext(self.msgid).replace("%%", "%"))
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def do_translate(parser: Parser, token: Token) -> LiteralTranslateNode:
    node = i18n.do_translate(parser, token)
    return LiteralTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


register.tag("translate", do_translate)
register.tag("trans", do_translate)
