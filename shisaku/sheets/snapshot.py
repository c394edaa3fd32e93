"""What a sheet said when it was published, frozen beside it."""

from .models import Sheet


def snapshot(sheet: Sheet, indicators_of_project=None) -> dict:
    """`indicators_of_project`: the project's indicators in (order, pk) order with their
    values prefetched, when the caller loaded those of many sheets at once."""
    indicators = []
    if indicators_of_project is None:
        indicators_of_project = sheet.project.indicators.prefetch_related("values").order_by(
            "order", "pk")
    for indicator in indicators_of_project:
        indicators.append({
            "id": indicator.pk, "name": indicator.name, "unit": indicator.unit,
            "kind": indicator.kind, "direction": indicator.direction,
            "values": [
                {"fiscal_year": v.fiscal_year,
                 "target": None if v.target is None else str(v.target),
                 "actual": None if v.actual is None else str(v.actual),
                 "actual_status": v.actual_status, "breakdown": v.breakdown, "comment": v.comment,
                 "target_breakdown": v.target_breakdown}
                for v in indicator.values.all()
                if v.fiscal_year in (sheet.fiscal_year - 1, sheet.fiscal_year)
            ],
        })
    return {
        "fiscal_year": sheet.fiscal_year,
        "project": sheet.project.name,
        "texts": {name: getattr(sheet, name) for name in Sheet.TEXT_FIELDS},
        "verified": sheet.verified,
        "indicators": indicators,
    }
