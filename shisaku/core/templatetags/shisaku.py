"""Template filters for Japanese presentation of years and numbers."""

from django import template

from shisaku.lib.era import format_fy

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
