"""Template filters for Japanese presentation of years, articles and breakdowns.

One helper each (tests/test_one_way_to_write.py keeps templates from spelling these by hand):
fiscal years `fy` (令和3（2021）年度), articles `article` (第12条), breakdowns `breakdown`
(新規38件・変更21件).
"""

from django import template

from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import format_breakdown

register = template.Library()


@register.filter
def fy(value, style: str = "full") -> str:
    """{{ 2021|fy }} → 令和3（2021）年度; {{ 2021|fy:"short" }} → R3 (2021) 年度."""
    if value in (None, ""):
        return ""
    return format_fy(int(value), style)


@register.filter
def fy_range(first, last) -> str:
    """{{ program.first_fy|fy_range:program.last_fy }} → 令和8（2026）年度～令和11（2029）年度."""
    if first in (None, ""):
        return ""
    if last in (None, "") or last == first:
        return format_fy(int(first))
    return f"{format_fy(int(first))}～{format_fy(int(last))}"


@register.filter
def article(value, style: str = "full") -> str:
    """{{ 12|article }} → 第12条; {{ 12|article:"short" }} → 12条 (the report's narrow column)."""
    if value in (None, ""):
        return ""
    return format_article(int(value), style)


@register.filter
def breakdown(items, unit: str = "") -> str:
    """{{ value.breakdown|breakdown:indicator.unit }} → 新規38件・変更21件."""
    return format_breakdown(items or [], unit or "")


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number, fragment: str = "") -> str:
    """`?…` of this page with `param` set to `number`, every other filter kept (a pager's
    link: the page of one table moves, the rest of the page stays where it was)."""
    query = context["request"].GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode() + (f"#{fragment}" if fragment else "")
