"""The verification dashboard's three tables of opinions and responses, written in Python.

Per row the template loop reversed a URL, truncated a text and translated a label; the
rows are the page's bulk. The markup is that of the loops it replaced, character for
character.
"""

import unicodedata
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from shisaku.verification.rows import OpinionRow, ResponseRow

register = template.Library()

_MARK = 987654321  # a pk no URL pattern would print otherwise


def _url(name: str) -> tuple[str, str]:
    before, after = reverse(name, args=[_MARK]).split(str(_MARK))
    return escape(before), escape(after)


def _text(value: str, length: int) -> str:
    """|truncatechars:length, escaped. Truncator normalises the text (NFC) and cuts it only
    when it is longer than `length`: a shorter text is that normalised text."""
    text = unicodedata.normalize("NFC", value)
    if len(text) <= length:
        return escape(text)
    return escape(Truncator(value).chars(length))


def _none() -> str:
    return f'<tr><td colspan="4">{escape(gettext("ありません。"))}</td></tr>'


@register.simple_tag
def unanswered_rows(opinions) -> str:
    """Opinions without a response: target (linked to its sheet), number, text, section.
    `opinions`: values of rows.OPINION_FIELDS."""
    before, after = _url("sheets:detail")
    out = []
    for o in map(OpinionRow.of, opinions):
        target = escape(o.target_label)
        if o.sheet_id:
            target = f'<a href="{before}{o.sheet_id}{after}#opinions">{target}</a>'
        out.append(f'<tr><td>{target}</td><td class="num">{escape(o.label)}</td>'
                   f"<td>{_text(o.text, 100)}</td>"
                   f'<td>{escape(o.section) if o.section else "—"}</td></tr>\n')
    return mark_safe("".join(out) or _none())


@register.simple_tag
def follow_up_rows(responses) -> str:
    """Last year's responses still without a follow-up, each with its link to write one.
    `responses`: values of rows.RESPONSE_FIELDS."""
    before, after = _url("verification:follow_up")
    write = escape(gettext("記入"))
    out = [f'<tr><td>{escape(r.opinion.target_label)}</td><td class="num">{escape(r.label)}</td>'
           f"<td>{_text(r.text, 100)}</td>"
           f'<td><a href="{before}{r.pk}{after}">{write}</a></td></tr>\n'
           for r in map(ResponseRow.of, responses)]
    return mark_safe("".join(out) or _none())


@register.simple_tag
def opinion_rows(opinions) -> str:
    """Every opinion of the year with its response's classification (or 未記入).
    `opinions`: values of rows.OPINION_FIELDS."""
    missing = f'<span class="warn">{escape(gettext("未記入"))}</span>'
    out = []
    for o in map(OpinionRow.of, opinions):
        answered = o.classification is not None  # the template's {% if o.response %}
        out.append(f'<tr><td>{escape(o.target_label)}</td><td class="num">{escape(o.label)}</td>'
                   f"<td>{_text(o.text, 80)}</td><td>"
                   f"{escape(o.classification_label) if answered else missing}"
                   "</td></tr>")
    return mark_safe("".join(out))
