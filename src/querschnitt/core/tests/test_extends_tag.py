"""`{% extends %}` of core/extends_tag.py gives what Django's gave: chains of one, two and three
templates, `{{ block.super }}`, blocks in loops and conditions, a parent given as a variable,
a parent that starts with text, and the same templates rendered again."""

import pytest
from django.template import Context, Engine, Library, TemplateSyntaxError
from django.template.loader import get_template

from querschnitt.core.extends_tag import RootBlocksExtendsNode, do_root_blocks_extends

register = Library()
register.tag("extends", do_root_blocks_extends)

TEMPLATES = {
    "root.html": (
        "<title>{% block title %}Root{% endblock %}</title>"
        "{% if show %}{% block head %}<h>{{ x }}</h>{% endblock %}{% endif %}"
        "{% for i in items %}{% block item %}[{{ i }}]{% endblock %}{% endfor %}"
        "{% block outer %}<o>{% block inner %}in{% endblock %}</o>{% endblock %}"
    ),
    "middle.html": (
        "text before {% extends 'root.html' %}"
        "{% block title %}Middle · {{ block.super }}{% endblock %}"
        "{% block inner %}middle-{{ block.super }}{% endblock %}"
    ),
    "leaf.html": (
        "{% extends 'middle.html' %}"
        "{% block title %}Leaf · {{ block.super }}{% endblock %}"
        "{% block item %}<{{ i }}>{{ block.super }}{% endblock %}"
        "{% block outer %}{{ block.super }}!{% endblock %}"
    ),
    "child.html": (
        "{% extends 'root.html' %}{% block head %}{{ block.super }}+{% endblock %}"
        "{% block inner %}{% endblock %}"
    ),
    "by_variable.html": "{% extends parent %}{% block title %}V{% endblock %}",
    "text_first.html": "  \n{% extends 'child.html' %}{% block title %}T{% endblock %}",
}


def engine(ours: bool) -> Engine:
    found = Engine(loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)])
    if ours:
        found.template_builtins.append(register)
    return found


DJANGO, OURS = engine(ours=False), engine(ours=True)


def rendered(engine: Engine, name: str, **values: object) -> str:
    context = {"x": "<&>", "items": [1, 2], "show": True, **values}
    return engine.get_template(name).render(Context(context))


@pytest.mark.parametrize("name", [name for name in TEMPLATES if name != "by_variable.html"])
@pytest.mark.parametrize("show", [True, False])
def test_every_chain_gives_what_djangos_gave(name: str, show: bool) -> None:
    for _again in range(3):
        assert rendered(OURS, name, show=show) == rendered(DJANGO, name, show=show)


@pytest.mark.parametrize("parent", ["root.html", "middle.html", "leaf.html"])
def test_a_parent_given_as_a_name_or_a_template(parent: str) -> None:
    for ours, django in [
        (parent, parent),
        (OURS.get_template(parent), DJANGO.get_template(parent)),
    ]:
        assert rendered(OURS, "by_variable.html", parent=ours) == rendered(
            DJANGO, "by_variable.html", parent=django
        )


def test_the_tag_is_still_refused_twice_and_after_content() -> None:
    with pytest.raises(TemplateSyntaxError):
        OURS.from_string("{% extends 'root.html' %}{% extends 'root.html' %}")
    with pytest.raises(TemplateSyntaxError):
        OURS.from_string("{{ x }}{% extends 'root.html' %}")


def test_the_projects_templates_use_it() -> None:
    first = get_template("portal/page.html").template.nodelist[0]  # type: ignore[attr-defined]
    assert isinstance(first, RootBlocksExtendsNode)
