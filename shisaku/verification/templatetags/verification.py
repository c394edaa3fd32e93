"""The Check / Action block of a sheet page, with inline opinion entry for the council."""

from django import template

from shisaku.accounts import access

from .. import services
from ..forms import OpinionForm
from ..models import Opinion

register = template.Library()


@register.inclusion_tag("verification/_sheet_opinions.html", takes_context=True)
def sheet_opinions(context, sheet):
    user = context["request"].user
    own = list(Opinion.objects.filter(scope=Opinion.Scope.SHEET, sheet=sheet)
               .select_related("response__follow_up", "author").order_by("number"))
    group = []
    if sheet.project.group:
        group = list(Opinion.objects.filter(scope=Opinion.Scope.GROUP, cycle=sheet.cycle,
                                            group=sheet.project.group)
                     .select_related("response__follow_up", "author").order_by("number"))
    can_write = (access.can_write_opinions(user, sheet.cycle)
                 and not services.sheet_opinion_refusal(sheet))
    return {
        "request": context["request"], "csrf_token": context.get("csrf_token"),
        "sheet": sheet, "opinions": own, "group_opinions": group,
        "can_write": can_write, "form": OpinionForm(cycle=sheet.cycle) if can_write else None,
        "user": user,
        "can_change": {o.pk: access.can_change_opinion(user, o) for o in own + group},
        "can_respond": {o.pk: access.can_respond(user, o) for o in own + group},
    }


@register.filter
def lookup(mapping, key):
    return mapping.get(key)
