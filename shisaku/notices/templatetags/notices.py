"""Deadline marks for any page: `{% load notices %}`.

`{% due_mark cycle "submission" section %}`: the step's date with how many days are left, or
marked 期限超過 once passed (nothing when the step has no date). `{{ a_date|overdue }}`: True
when the date has passed (for a page that already has the date).
"""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from shisaku.lib.era import format_date

from .. import schedule

register = template.Library()


@register.simple_tag
def due_mark(cycle, step: str, section=None) -> str:
    due = schedule.due_date(cycle, step, section)
    if due is None:
        return ""
    left = (due - schedule.today()).days
    if left < 0:
        return format_html('<span class="due overdue">{}</span>', _("期限超過（%(due)s）") % {
            "due": format_date(due)})
    note = _("今日まで") if left == 0 else _("あと%(n)s日") % {"n": left}
    return format_html('<span class="due">{}</span>', _("期限 %(due)s（%(note)s）") % {
        "due": format_date(due), "note": note})


@register.filter
def overdue(value) -> bool:
    return isinstance(value, datetime.date) and schedule.passed(value)
