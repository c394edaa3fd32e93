"""Tags of the public layout (any page extending portal/base.html may use them)."""

from django import template

from shisaku.city.models import CitySettings

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_city(context):
    """The city (name, bureau, contact) for the header and footer, read once per render."""
    request = context.get("request")
    if request is not None and hasattr(request, "_portal_city"):
        return request._portal_city
    city = CitySettings.current()
    if request is not None:
        request._portal_city = city
    return city


@register.filter
def era_date(value, style: str = "full") -> str:
    """{{ day|era_date }} → 令和4年8月31日 (`shisaku.lib.era.format_date`)."""
    from shisaku.lib.era import format_date

    return format_date(value, style) if value else ""


@register.filter
def article_label(number) -> str:
    """{{ 12|article_label }} → 第12条 (`shisaku.lib.articles.format_article`)."""
    from shisaku.lib.articles import format_article

    return format_article(int(number)) if number not in (None, "") else ""


@register.filter
def number(value) -> str:
    """A figure as the report prints it: 1,500, 12.5 (`shisaku.sheets.presentation.number`)."""
    from shisaku.sheets.presentation import number as printed

    return printed(value) if value is not None else ""
