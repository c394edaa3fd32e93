"""The planning dashboard's table rows, written in Python.

350 rows of a scale-10 year through a template loop (two URLs reversed, a translated label
and a date formatted per row) cost more than the rest of the page. The markup is that of
the loop it replaced, character for character.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

from shisaku.sheets.models import Sheet

register = template.Library()

_MARK = 987654321  # a pk no URL pattern would print otherwise


def _url(name: str, *args) -> tuple[str, str]:
    """The escaped parts of a URL before and after a sheet's pk."""
    before, after = reverse(name, args=[_MARK, *args]).split(str(_MARK))
    return escape(before), escape(after)


def _parts(context, can_review) -> dict:
    """What every table of the page shares (URLs, labels, the CSRF input, the header),
    worked out once per page."""
    key = ("sheet_progress", bool(can_review))
    parts = context.render_context.get(key)
    if parts is not None:
        return parts
    token = context.get("csrf_token")
    check = (f'<th><span class="visually-hidden">{escape(gettext("選択"))}</span></th>'
             if can_review else "")
    # Literal msgids, for makemessages.
    head = "".join(f"<th>{escape(label)}</th>" for label in (
        gettext("事務事業"), gettext("所管課"), gettext("状態"), gettext("未入力"),
        gettext("最終更新"), gettext("操作")))
    parts = context.render_context[key] = {
        "detail": _url("sheets:detail"), "confirm": _url("sheets:action", "confirm"),
        "csrf": (f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
                 if token and token != "NOTPROVIDED" else ""),
        "choose": gettext("%(name)sを選ぶ"),
        "badge": f' <span class="badge">{escape(gettext("検証対象"))}</span>',
        "confirm_label": escape(gettext("確認")), "send_back": escape(gettext("差し戻す")),
        "head": f"  <thead><tr>{check}{head}</tr></thead>\n  ",
    }
    return parts


@register.simple_tag(takes_context=True)
def progress_table(context, rows, can_review) -> str:
    """`<thead>` and `<tbody>` of one table of the dashboard: one row per sheet
    (sheets.progress.ProgressRow)."""
    parts = _parts(context, can_review)
    detail_before, detail_after = parts["detail"]
    confirm_before, confirm_after = parts["confirm"]
    csrf, choose, badge = parts["csrf"], parts["choose"], parts["badge"]
    confirm, send_back = parts["confirm_label"], parts["send_back"]
    submitted, confirmed = Sheet.State.SUBMITTED, Sheet.State.CONFIRMED
    out = [parts["head"], "<tbody>"]
    for row in rows:
        heading = escape(row.project.heading)
        detail = f"{detail_before}{row.pk}{detail_after}"
        check = (f'<td><input type="checkbox" name="sheet" value="{row.pk}" form="bulk-form" '
                 f'aria-label="{choose % {"name": heading}}"></td>' if can_review else "")
        when = localtime(row.updated_at)
        updated = f"{when.month}/{when.day} {when:%H:%M}"  # |date:"n/j H:i"
        if row.updated_by:
            updated += " " + escape(row.updated_by)
        actions = ""
        if row.state == submitted:
            actions = (f'<form method="post" action="{confirm_before}{row.pk}{confirm_after}">'
                       f'{csrf}<button type="submit" class="link">{confirm}</button></form>')
        back = (f'<a href="{detail}#return">{send_back}</a>'
                if row.state in (submitted, confirmed) else "")
        out.append(
            f'\n  <tr>{check}<td><a href="{detail}">{heading}</a>{badge if row.verified else ""}</td>'
            f'\n    <td>{escape(row.section) if row.section else "—"}</td>'
            f'<td><span class="state state-{escape(row.state)}">{escape(row.state_label)}</span></td>'
            f'\n    <td class="num">{row.missing}</td>'
            f'\n    <td class="nowrap">{updated}</td>'
            f"\n    <td>{actions}\n      {back}</td></tr>\n  ")
    out.append("</tbody>")
    return mark_safe("".join(out))


@register.simple_tag
def section_options(sections) -> str:
    """The `<option>`s of the bulk form's section list from (pk, name) pairs: a city of 400
    sections would otherwise spend more on this loop than on the table."""
    return mark_safe("".join(f'<option value="{pk}">{escape(name)}</option>'
                             for pk, name in sections))
