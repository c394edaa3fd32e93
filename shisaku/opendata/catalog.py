"""What the catalogue says about the tables: the publisher (the city) and each table's metadata."""

from __future__ import annotations

import datetime

from shisaku.city.models import CitySettings

from .dcat import Publisher
from .formats import period_label
from .licence import LICENCE_NAME, LICENCE_NOTE, LICENCE_URL
from .tables import Table


def publisher() -> Publisher:
    city = CitySettings.current()
    if city is None:
        return Publisher(name="")
    return Publisher(name=city.city_name, division=f"{city.bureau_name} {city.planning_division}",
                     email=city.email, phone=city.phone, homepage=city.report_url)


def _iso(value) -> str | None:
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat() if value else None


def metadata(table: Table, *, url: str, catalog_url: str, publisher: Publisher) -> dict:
    """The "dataset" object of a JSON download."""
    return {
        "identifier": table.slug,
        "title": table.title,
        "description": table.description,
        "fiscal_year": table.fiscal_year,
        "period": ({"start": table.period[0].isoformat(), "end": table.period[1].isoformat()}
                   if table.period else None),
        "period_label": period_label(table) or None,
        "source": table.source or publisher.name,
        "publisher": publisher.name,
        "issued": _iso(table.issued),
        "modified": _iso(table.modified),
        "license": {"name": LICENCE_NAME, "url": LICENCE_URL, "note": LICENCE_NOTE},
        "keywords": table.keywords,
        "url": url,
        "catalog": catalog_url,
        "row_count": len(table.rows),
    }
