"""`{% extends %}` of Django's `loader_tags`, finding the blocks of the root template once.

Django's `ExtendsNode` walks every node of the root template (`base.html`) for its blocks on
each page it renders (~11 µs a page); the blocks of a compiled template never change, so
they are found once per compiled template and kept beside it (weakly: a template reloaded
during development is found afresh). Everything else is Django's own; the builtin library
(`core/templatetags/querschnitt.py`) gives the tag its name, as it does for `date`.
`core/tests/test_extends_tag.py` renders chains of templates with Django's tag and this one.
"""

import weakref
from typing import Any

from django import template
from django.template.base import Parser, Template, TextNode, Token
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

_root_blocks: "weakref.WeakKeyDictionary[Template, dict[str, BlockNode] | None]" = (
    weakref.WeakKeyDictionary()
)


def root_blocks(parent: Template) -> dict[str, BlockNode] | None:
    """The blocks of `parent` if it extends no other template (Django's test: the first node
    that is not text is no `{% extends %}`), else None."""
    try:
        return _root_blocks[parent]
    except KeyError:
        pass
    found = None
    for node in parent.nodelist:
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                found = {
                    block.name: block
                    for block in parent.nodelist.get_nodes_by_type(BlockNode)
                    if isinstance(block, BlockNode)
                }
            break
    _root_blocks[parent] = found
    return found


class RootBlocksExtendsNode(ExtendsNode):
    def render(self, context: template.Context) -> Any:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)  # type: ignore[attr-defined]


def do_root_blocks_extends(parser: Parser, token: Token) -> RootBlocksExtendsNode:
    node = do_extends(parser, token)
    return RootBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
