"""The read API's sheets and indicators: the public sheets, and with a staff token the caller's own.

A public sheet is read from its frozen snapshot; an unpublished one from its live rows in the
same shape, and only when `access.can_read_sheet` lets the caller read it.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from shisaku.accounts import access
from shisaku.api.reading import is_token_holder, own_unpublished_sheets, section_row
from shisaku.published import records
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.snapshot import snapshot

# ------------------------------------------------------------------------------ sheets


def _filter_sheets(queryset, *, fiscal_year=None, article=None, project=None, section=None):
    if fiscal_year is not None:
        queryset = queryset.filter(cycle__fiscal_year=fiscal_year)
    if article is not None:
        queryset = queryset.filter(project__articles__number=article)
    if project is not None:
        queryset = queryset.filter(project_id=project)
    if section is not None:
        queryset = queryset.filter(project__section_id=section)
    return queryset


SHEET_ORDER = ("cycle__fiscal_year", "project__group", "project__position", "project__name",
               "revision", "pk")


def sheets(user, **filters) -> QuerySet[Sheet]:
    """The public sheets, and with a token the caller's own unpublished ones."""
    public = _filter_sheets(records.sheets(), **filters).values("pk")
    own = _filter_sheets(own_unpublished_sheets(user), **filters).values("pk")
    return (Sheet.objects.filter(Q(pk__in=public) | Q(pk__in=own))
            .select_related("cycle", "project", "project__section")
            .prefetch_related("project__articles").order_by(*SHEET_ORDER))


def is_public(sheet: Sheet) -> bool:
    return (sheet.state == Sheet.State.PUBLISHED and sheet.cycle.status == Cycle.Status.PUBLISHED
            and bool(sheet.published_snapshot))


def _published_at(sheet: Sheet):
    """When the sheet was published; none for a past year whose report gives only the month
    (its sheets were recorded, not published, at `published_at`: the year says
    `published_month`)."""
    cycle = sheet.cycle
    if cycle.recorded_from and cycle.published_on is None:
        return None
    return sheet.published_at


def sheet_row(sheet: Sheet, user) -> dict | None:
    """The sheet as the caller may read it: its snapshot when public, else its live texts."""
    public = is_public(sheet)
    if public:
        frozen = sheet.published_snapshot or {}
        texts, verified, name = frozen.get("texts", {}), frozen.get("verified", False), \
            frozen.get("project", sheet.project.name)
    elif is_token_holder(user) and access.is_staff_for(user, sheet.project) \
            and access.can_read_sheet(user, sheet):
        texts = {field: getattr(sheet, field) for field in Sheet.TEXT_FIELDS}
        verified, name = sheet.verified, sheet.project.name
    else:
        return None
    return {
        "id": sheet.pk, "fiscal_year": sheet.cycle.fiscal_year, "project_id": sheet.project_id,
        "project": name, "section": section_row(sheet.project.section),
        "articles": sorted(a.number for a in sheet.project.articles.all()),
        "revision": sheet.revision, "published": public,
        "state": sheet.state, "verified": verified,
        "published_at": _published_at(sheet) if public else None,
        "texts": {field: str(texts.get(field, "") or "") for field in Sheet.TEXT_FIELDS},
    }


# ------------------------------------------------------------------------------ indicators


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(Decimal(str(value)))


def _value_row(value: dict) -> dict:
    return {
        "fiscal_year": value["fiscal_year"], "target": _number(value.get("target")),
        "actual": _number(value.get("actual")),
        "actual_status": value.get("actual_status") or "measured",
        "breakdown": [{"label": str(item.get("label", "")), "value": _number(item.get("value"))}
                      for item in value.get("breakdown") or [] if isinstance(item, dict)],
        "target_breakdown": [{"label": str(item.get("label", "")),
                              "value": _number(item.get("value"))}
                             for item in value.get("target_breakdown") or []
                             if isinstance(item, dict)],
        "comment": value.get("comment") or "",
    }


def indicators(user, **filters) -> list[dict]:
    """One row per indicator of each readable sheet, with the values the sheet shows."""
    rows = []
    listed = list(sheets(user, **{k: v for k, v in filters.items() if k != "section"}))
    unpublished = [s for s in listed if not is_public(s)]
    live = defaultdict(list)
    if unpublished:
        values = Prefetch("values", queryset=IndicatorValue.objects.order_by("fiscal_year"))
        for indicator in (Indicator.objects.filter(project__in={s.project_id for s in unpublished})
                          .prefetch_related(values).order_by("order", "pk")):
            live[indicator.project_id].append(indicator)
    for sheet in listed:
        if is_public(sheet):
            items = records.snapshot_values(sheet)
        elif sheet_row(sheet, user) is not None:
            items = snapshot(sheet, live[sheet.project_id])["indicators"]
        else:
            continue
        for item in items:
            rows.append({
                "sheet_id": sheet.pk, "fiscal_year": sheet.cycle.fiscal_year,
                "project_id": sheet.project_id, "published": is_public(sheet),
                "indicator_id": item.get("id"), "name": item.get("name", ""),
                "unit": item.get("unit", ""), "kind": item.get("kind", ""),
                "direction": item.get("direction", ""),
                "values": [_value_row(v) for v in sorted(item.get("values", []),
                                                         key=lambda v: v["fiscal_year"])],
            })
    return rows


