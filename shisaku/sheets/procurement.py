"""Writing the art. 19 page of a fiscal year (受注機会の増大等): the one write path.

The planning division writes the page's texts and its 主観評価項目 table; an importer and the
demo loader write through the same function (`user=None`, a system path that checked its
own permission where it started). A published year is final: nothing here changes it (the
correction procedure is for sheets). Every save checks the version the form was opened
with, and the audit trail (django-auditlog follows every model of this app) records each
change of the page and of each row of the table.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.lib.era import format_fy
from shisaku.ordinance.models import Article

from .models import Cycle, EvaluationItem, ProcurementPage


class PageConflict(ValidationError):
    """Someone saved the page after the form was opened."""


@dataclass(frozen=True)
class EvaluationRow:
    name: str
    points: int
    group: str = ""
    added_on: datetime.date | None = None


def page_of(cycle: Cycle) -> ProcurementPage | None:
    return ProcurementPage.objects.filter(cycle=cycle).first()


@audited
@transaction.atomic
def save_procurement_page(cycle: Cycle, user, *, version: int | None = None,
                          evaluation: list[EvaluationRow] | None = None,
                          check_access: bool = True, **texts) -> ProcurementPage:
    """Write the page's texts (ProcurementPage.TEXT_FIELDS, evaluation_title) and, when
    `evaluation` is given, replace its 主観評価項目 table by those rows.

    `version`: the page's version when the form was opened (0: there was no page); None is
    not checked (the importer and the demo loader hold no opened state).
    `check_access=False`: a system path (the report importer) that checked its permission
    where it started; `user` still signs the change.
    """
    if check_access and user is not None and not access.can_manage_cycle(user):
        raise PermissionDenied
    unknown = set(texts) - set(ProcurementPage.TEXT_FIELDS) - {"evaluation_title"}
    if unknown:
        raise ValueError(f"not a field of the art. 19 page: {sorted(unknown)}")
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_published:
        raise ValidationError(_("%(fy)sは公表済のため、第19条の頁は変更できません。"
                                "公表した記録は確定しています。") % {"fy": format_fy(cycle.fiscal_year)})
    page = ProcurementPage.objects.select_for_update().filter(cycle=cycle).first()
    if version is not None and (page.version if page else 0) != version:
        raise PageConflict(_("第19条の頁は他の人が先に保存しました。開き直してください。"))
    if page is None:
        page = ProcurementPage(cycle=cycle)
    changed = [name for name, value in texts.items() if getattr(page, name) != value]
    for name in changed:
        setattr(page, name, texts[name])
    new_rows = _rows_changed(page, evaluation)
    if page.pk is None or changed or new_rows is not None:
        page.updated_by = user if getattr(user, "is_authenticated", False) else None
        page.full_clean()
        if page.pk is not None:
            page.version += 1
        page.save()
    if new_rows is not None:
        page.evaluation_items.all().delete()
        for order, row in enumerate(new_rows, start=1):
            item = EvaluationItem(page=page, order=order, group=row.group, name=row.name,
                                  points=row.points, added_on=row.added_on)
            item.full_clean()
            item.save()
    return page


def _rows_changed(page: ProcurementPage, rows: list[EvaluationRow] | None
                  ) -> list[EvaluationRow] | None:
    """The rows to write, or None when the table stays as it is."""
    if rows is None:
        return None
    stored = [] if page.pk is None else [
        EvaluationRow(i.name, i.points, i.group, i.added_on)
        for i in page.evaluation_items.order_by("order")]
    return None if stored == list(rows) else list(rows)


def maximum_points(items) -> list[tuple[int, datetime.date | None]]:
    """The table's maximum: the sum of the points of the items in force from the start,
    then the new sum from each date an item was added ([(100, None), (110, 2022-03-01)])."""
    items = list(items)
    base = sum(i.points for i in items if i.added_on is None)
    steps: list[tuple[int, datetime.date | None]] = [(base, None)] if items else []
    total = base
    for day in sorted({i.added_on for i in items if i.added_on is not None}):
        total += sum(i.points for i in items if i.added_on == day)
        steps.append((total, day))
    return steps


@dataclass
class PageContent:
    """What the report prints on the art. 19 page of a year (three queries)."""

    page: ProcurementPage | None
    items: list[EvaluationItem]
    opinions: list  # the council's opinions on article 19, by number, with their responses


def page_content(cycle: Cycle) -> PageContent:
    from shisaku.verification.models import Opinion

    page = page_of(cycle)
    items = list(page.evaluation_items.order_by("order")) if page else []
    opinions = list(Opinion.objects.filter(cycle=cycle, scope=Opinion.Scope.ARTICLE,
                                           article__in=Article.objects.procurement())
                    .select_related("response", "cycle", "article").order_by("number"))
    return PageContent(page, items, opinions)

