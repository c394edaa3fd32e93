"""Events of the sheets and verification apps, turned into notifications.

Those apps send their own signals (sheets.signals, verification.signals) from inside the
service that made the change, so a notification is written in the same transaction and
only for a change made through the service (never for a past year's printed record).
"""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from shisaku.lib.era import format_fy
from shisaku.sheets.signals import sheet_transitioned
from shisaku.verification.signals import opinion_added, response_added

from .models import Notification
from .services import in_japanese, notify, planning_division, section_editors


def _others(users, actor):
    return [u for u in users if actor is None or u.pk != actor.pk]


@receiver(sheet_transitioned, dispatch_uid="notices.sheet_returned")
@in_japanese
def sheet_returned(sender, sheet, action, user, comment="", **kwargs):
    if action != "return" or sheet.project.section_id is None:
        return
    editors = section_editors([sheet.project.section_id]).get(sheet.project.section_id, [])
    notify(_others(editors, user), kind=Notification.Kind.RETURNED,
           key=f"returned:{sheet.pk}:{sheet.version}",
           text=_("%(fy)s「%(project)s」のシートが差し戻されました。理由: %(reason)s") % {
               "fy": format_fy(sheet.fiscal_year), "project": sheet.project.name,
               "reason": comment},
           url=reverse("sheets:detail", args=[sheet.pk]))


@receiver(opinion_added, dispatch_uid="notices.opinion_added")
@in_japanese
def opinion_written(sender, opinion, user, **kwargs):
    sheet = opinion.sheet
    if sheet is None or sheet.project.section_id is None:
        return  # an opinion on a group, an article or the whole measure names no section
    editors = section_editors([sheet.project.section_id]).get(sheet.project.section_id, [])
    notify(_others(editors, user), kind=Notification.Kind.OPINION, key=f"opinion:{opinion.pk}",
           text=_("%(fy)s「%(project)s」に検証意見%(label)sが記入されました。対応を記入してください。")
           % {"fy": format_fy(sheet.fiscal_year), "project": sheet.project.name,
              "label": opinion.label},
           url=reverse("verification:respond", args=[opinion.pk]))


@receiver(response_added, dispatch_uid="notices.response_added")
@in_japanese
def response_written(sender, response, user, **kwargs):
    opinion = response.opinion
    people = planning_division()
    if opinion.author is not None and opinion.author.pk not in {p.pk for p in people}:
        people.append(opinion.author)
    target = opinion.target_label
    url = (reverse("sheets:detail", args=[opinion.sheet_id]) if opinion.sheet_id
           else reverse("verification:dashboard", args=[opinion.cycle.fiscal_year]))
    notify(_others(people, user), kind=Notification.Kind.RESPONSE, key=f"response:{response.pk}",
           text=_("%(fy)s「%(target)s」の検証意見%(label)sに対応が記入されました。") % {
               "fy": format_fy(opinion.cycle.fiscal_year), "target": target,
               "label": opinion.label},
           url=url)
