"""One project's published record across years, following its lineage.

`project_record(project)` gathers what the public may read of a project: its own published
sheets (one per published year: the frozen snapshot, with the report's headings), the
lineage events that led to it and that followed it, its indicators as multi-year series
collected from the published snapshots of the project AND its predecessors (a renamed or
merged project carries its predecessors' indicator history; `Indicator.previous` ties an
indicator to the one it continues), and the ledger opinion → response → follow-up (the opinions on its sheets and on its group).

None when the project has no published sheet of its own (the page is then a 404).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.safestring import mark_safe

from shisaku.lib import richtext, richtext_render
from shisaku.lib.era import format_fy
from shisaku.projects.lineage import ChainStep, chain
from shisaku.projects.models import Project
from shisaku.published import records
from shisaku.sheets.achievement import ActualStatus
from shisaku.sheets.models import Indicator, Sheet
from shisaku.verification.models import Opinion

from .yearbook import decimal


@dataclass
class SheetText:
    heading: str
    html: str


@dataclass
class PublishedSheet:
    sheet: Sheet
    texts: list[SheetText]

    @property
    def fiscal_year(self) -> int:
        return self.sheet.cycle.fiscal_year


@dataclass
class SeriesPoint:
    fiscal_year: int
    target: Decimal | None
    actual: Decimal | None
    status: str
    note: str  # 中止, 未実施… instead of the actual


@dataclass
class IndicatorSeries:
    key: int  # the first indicator of its line (what the chart URL names)
    name: str
    unit: str
    points: list[SeriesPoint] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # earlier names, when renamed


@dataclass
class LedgerEntry:
    opinion: Opinion
    follow_up: object | None


@dataclass
class ProjectRecord:
    project: Project
    sheets: list[PublishedSheet]
    before: list[ChainStep]
    after: list[ChainStep]
    series: list[IndicatorSeries]
    ledger: list[LedgerEntry]
    public_ids: set[int]  # projects with a published sheet (to link)


def texts_of(sheet: Sheet) -> list[SheetText]:
    """The snapshot's texts in the report's order, under the sheet's own headings."""
    stored = (sheet.published_snapshot or {}).get("texts", {})
    out = []
    for name in Sheet.TEXT_FIELDS:
        text = (stored.get(name) or "").strip()
        if text:
            heading = str(Sheet._meta.get_field(name).verbose_name)
            out.append(SheetText(heading, mark_safe(richtext_render.to_html(richtext.parse_stored(text)))))
    return out


def project_record(project_pk: int) -> ProjectRecord | None:
    public = records.sheets()
    own = list(public.filter(project_id=project_pk).order_by("cycle__fiscal_year"))
    if not own:
        return None
    project = own[0].project
    before, after = chain(project)
    predecessors = {p.pk for step in before for p in step.predecessors}
    lineage_ids = predecessors | {project.pk}
    snapshots = list(public.filter(project_id__in=lineage_ids).order_by("cycle__fiscal_year"))
    linked = {p.pk for step in before + after for p in (*step.predecessors, *step.successors)}
    public_ids = set(public.filter(project_id__in=linked | {project.pk})
                     .values_list("project_id", flat=True))
    return ProjectRecord(
        project=project,
        sheets=[PublishedSheet(s, texts_of(s)) for s in own],
        before=before, after=after,
        series=indicator_series(snapshots, lineage_ids),
        ledger=ledger(lineage_ids, groups_of(lineage_ids)),
        public_ids=public_ids,
    )


def indicator_series(snapshots: list[Sheet], project_ids: set[int]) -> list[IndicatorSeries]:
    """One series per indicator line across the snapshots (oldest first). A year's figures
    come from that year's own snapshot when there is one, else from the next year's
    (which prints the previous year beside its own)."""
    previous = dict(Indicator.objects.filter(project_id__in=project_ids)
                    .values_list("pk", "previous_id"))

    def root(pk: int) -> int:
        seen = set()
        while previous.get(pk) and pk not in seen:
            seen.add(pk)
            pk = previous[pk]
        return pk

    lines: dict[int, IndicatorSeries] = {}
    chosen: dict[tuple[int, int], bool] = {}  # (line, fy) → taken from the year's own sheet
    for sheet in snapshots:
        fy = sheet.cycle.fiscal_year
        for indicator in records.snapshot_values(sheet):
            key = root(indicator.get("id") or 0)
            line = lines.get(key)
            if line is None:
                line = lines[key] = IndicatorSeries(key, indicator["name"], indicator.get("unit", ""))
            elif indicator["name"] != line.name:
                line.names.append(line.name)
                line.name = indicator["name"]
            points = {p.fiscal_year: p for p in line.points}
            for value in indicator.get("values", []):
                year = value.get("fiscal_year")
                own = year == fy
                if (key, year) in chosen and (chosen[(key, year)] or not own):
                    continue
                chosen[(key, year)] = own
                status = value.get("actual_status") or ActualStatus.MEASURED
                note = "" if status == ActualStatus.MEASURED else str(ActualStatus(status).label)
                points[year] = SeriesPoint(year, decimal(value.get("target")),
                                           decimal(value.get("actual")), status, note)
            line.points = [points[y] for y in sorted(points)]
    return list(lines.values())


def groups_of(project_ids: set[int]) -> set[str]:
    """The groups (関連事業) the projects belong to: the council may write on a whole group."""
    return set(Project.objects.filter(pk__in=project_ids).exclude(group="")
               .values_list("group", flat=True))


def ledger(project_ids: set[int], groups: set[str] = frozenset()) -> list[LedgerEntry]:
    """The opinions on the projects' sheets and on their groups, oldest year first."""
    about = Q(sheet__project_id__in=project_ids)
    if groups:
        about |= Q(scope=Opinion.Scope.GROUP, group__in=groups)
    opinions = list(records.opinions().filter(about))
    follow_ups = {f.response_id: f for f in records.follow_ups()
                  .filter(response__opinion__in=[o.pk for o in opinions])}
    return [LedgerEntry(o, follow_ups.get(getattr(o, "response", None) and o.response.pk))
            for o in opinions]


def chart_points(series: IndicatorSeries):
    """The shared chart's points (`shisaku.lib.charts.ChartPoint`), labelled R3 (2021)."""
    from shisaku.lib.charts import ChartPoint

    return [ChartPoint(format_fy(p.fiscal_year, "short").replace(" 年度", ""),
                       p.target, None if p.note else p.actual, p.note)
            for p in series.points]
