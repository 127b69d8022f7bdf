"""`{% translate "literal" %}` of Django's `i18n` library, written without its detours.

Every page has a dozen `{% translate "…" %}` tags of a plain text; Django resolves each as a
variable, makes a lazy translation of it, localises and escapes that, ~15 µs a tag. For a
quoted literal without filters or context the answer is known in advance: the translation of
the literal (marked safe, as a literal is) with its doubled percent signs restored. Every
other form of the tag is Django's own. `install` puts the tag into Django's `i18n` library
when the core app is ready (a second library named `i18n` would be a system check's warning);
`core/tests/test_translate_tags.py` renders each form with Django's tag and this one.
"""

from typing import Any

from django import template
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n
from django.utils.safestring import SafeString
from django.utils.translation import gettext


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


def install() -> None:
    """Every `{% load i18n %}` from now on compiles `translate` and `trans` with this tag."""
    i18n.register.tag("translate", do_translate)
    i18n.register.tag("trans", do_translate)
