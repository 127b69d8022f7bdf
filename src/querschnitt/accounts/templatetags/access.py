"""`{% permitted "departments.change" as may_change %}`: whether the signed-in person holds a
permission in the page's municipality, so that a page links only what they may open."""

from django import template

from querschnitt.accounts.permissions import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def permitted(context: template.Context, permission: str) -> bool:
    request = context.get("request")
    municipality = context.get("municipality")
    if request is None or municipality is None:
        return False
    return has_permission(request.user, municipality, permission)
