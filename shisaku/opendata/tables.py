"""The open-data tables: what each table of the public record holds, row by row.

Every table is built from `shisaku.published.records` only (published years, published
snapshots, programs that have begun, statistics released by today), so nothing internal
(drafts, return comments, staff names, change history, years in progress) can reach a
download. A row is a list of plain values in the order of the table's columns: text, int,
Decimal, bool or None; the writers (`formats`) turn them into CSV, Excel and JSON cells.

Column headers follow the machine-readable rules (総務省「統一ルール」): the unit in the header
(「契約金額（百万円）」), 西暦 beside 和暦, and the unit in a column of its own where it
differs per row (an indicator's 単位).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from shisaku.lib.articles import format_article
from shisaku.lib.era import fiscal_year_bounds, format_fy
from shisaku.published import records
from shisaku.sheets import sections

TEXT, INTEGER, DECIMAL, BOOLEAN = "text", "integer", "decimal", "boolean"


@dataclass(frozen=True)
class Column:
    name: str  # the header, Japanese, unit included: 「目標値」 or 「契約件数（件）」
    type: str = TEXT


@dataclass
class Table:
    """One table as downloaded: its metadata, columns and rows."""

    slug: str
    title: str
    description: str
    columns: list[Column]
    rows: list[list]
    per_year: bool = False
    fiscal_year: int | None = None
    source: str = ""
    period: tuple[datetime.date, datetime.date] | None = None
    issued: datetime.date | None = None
    modified: datetime.datetime | datetime.date | None = None
    keywords: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A table of the catalogue: what it is, before its rows are read."""

    slug: str
    title: object  # str or lazy str
    description: object
    per_year: bool
    build: Callable[[Entry, int | None, Callable[[str], str]], Table]
    keywords: tuple[str, ...] = ()

    def table(self, fiscal_year: int | None = None, absolute=None) -> Table:
        """The rows; `absolute` makes a path an absolute URL (the request's host)."""
        return self.build(self, fiscal_year, absolute or (lambda path: path))


class UnknownFiscalYear(LookupError):
    """A ?fy= that is not a published year."""


FY_COLUMNS = [Column("年度（西暦）", INTEGER), Column("年度（和暦）")]


def fy_cells(fy: int | None) -> list:
    return [fy, format_fy(fy, "era")] if fy else [None, None]


def _fy_span(years: list[int]) -> tuple[datetime.date, datetime.date] | None:
    if not years:
        return None
    return fiscal_year_bounds(min(years))[0], fiscal_year_bounds(max(years))[1]


def _publication(cycles) -> tuple[datetime.date | None, datetime.date | None]:
    """(first, last) day the city published these years: the recorded day, else the first of
    the recorded month (the month is all the city's printed report gives)."""
    days = []
    for cycle in cycles:
        if cycle.published_on:
            days.append(cycle.published_on)
        elif cycle.published_month:
            year, month = cycle.published_month.split("-")
            days.append(datetime.date(int(year), int(month), 1))
    return (min(days), max(days)) if days else (None, None)


def _years(fiscal_year: int | None) -> list:
    """The published cycles a per-year table covers (one, when ?fy= asks)."""
    cycles = list(records.cycles())
    if fiscal_year is None:
        return cycles
    chosen = [c for c in cycles if c.fiscal_year == fiscal_year]
    if not chosen:
        raise UnknownFiscalYear(fiscal_year)
    return chosen


def _yearly(entry: Entry, fiscal_year: int | None, columns, rows, cycles, **extra) -> Table:
    issued, modified = _publication(cycles)
    return Table(entry.slug, str(entry.title), str(entry.description), columns, rows,
                 per_year=True, fiscal_year=fiscal_year,
                 period=_fy_span([c.fiscal_year for c in cycles]), issued=issued,
                 modified=extra.pop("modified", None) or modified,
                 keywords=list(entry.keywords), **extra)


def number(value) -> int | Decimal | None:
    """A stored figure as a number: 38 for "38.000", Decimal("1.5") for "1.500"."""
    if value is None or value == "":
        return None
    figure = Decimal(str(value))
    if figure == figure.to_integral_value():
        return int(figure)
    return figure.normalize()


def _articles(articles) -> str:
    return "・".join(format_article(a.number) for a in sorted(articles, key=lambda a: a.number))


# --------------------------------------------------------------------------- 事務事業


def _build_projects(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    from shisaku.projects.models import LineageEvent, Placement, Project

    programs = list(records.programs())
    last_begun = max((p.last_fy for p in programs), default=None)
    placements = (Placement.objects.filter(node__program__in=programs)
                  .select_related("node__program").order_by("node__program__ordinal", "node__code"))
    public_ids = set(records.sheets().values_list("project_id", flat=True))
    public_ids |= {p.project_id for p in placements}
    projects = (Project.objects.filter(pk__in=public_ids).select_related("section")
                .prefetch_related("articles").order_by("group", "position", "name"))
    placed = defaultdict(list)
    for placement in placements:
        placed[placement.project_id].append(
            f"{placement.node.program.name} {placement.node.code}")
    notes = defaultdict(list)
    events = (LineageEvent.objects.prefetch_related("predecessors", "successors")
              .order_by("effective_fy", "pk"))
    if last_begun is not None:
        events = events.filter(effective_fy__lte=last_begun)
    for event in events:
        before, after = list(event.predecessors.all()), list(event.successors.all())
        text = f"{format_fy(event.effective_fy, 'era')} {event.get_kind_display()}"
        if before or after:
            text += f": {'・'.join(p.name for p in before)} → {'・'.join(p.name for p in after)}"
        if event.note:
            text += f"（{event.note}）"
        for project in [*before, *after]:
            notes[project.pk].append(text)
    columns = [Column("事業ID", INTEGER), Column("事務事業名"), Column("関連事業のまとまり"),
               Column("所管課"), Column("条例の条文"), Column("実行プログラム上の位置付け"),
               Column("事業の変遷"), Column("開始年度（西暦）", INTEGER), Column("開始年度（和暦）"),
               Column("終了年度（西暦）", INTEGER), Column("終了年度（和暦）")]
    rows = [[p.pk, p.name, p.group, p.section.name if p.section else "", _articles(p.articles.all()),
             "、".join(placed[p.pk]), "、".join(dict.fromkeys(notes[p.pk])),
             *fy_cells(p.first_fy), *fy_cells(p.last_fy)] for p in projects]
    return Table(entry.slug, str(entry.title), str(entry.description), columns, rows,
                 modified=max((p.updated_at for p in projects if p.updated_at), default=None),
                 keywords=list(entry.keywords))


def _build_placements(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    """One row per project and place in a begun program's hierarchy (the projects table
    joins them in one cell; this one keeps one datum per cell)."""
    from shisaku.projects.models import Placement

    placements = (Placement.objects.filter(node__program__in=list(records.programs()))
                  .select_related("project", "node__program__plan", "node__level")
                  .order_by("node__program__ordinal", "node__code", "order", "project__name"))
    columns = [Column("事業ID", INTEGER), Column("事務事業名"), Column("計画名"),
               Column("実行プログラム"), Column("階層"), Column("番号"), Column("名称")]
    rows = [[p.project_id, p.project.name, p.node.program.plan.name, p.node.program.name,
             p.node.level.name, p.node.code, p.node.title] for p in placements]
    return Table(entry.slug, str(entry.title), str(entry.description), columns, rows,
                 keywords=list(entry.keywords))


# --------------------------------------------------------------------------- 事業シート

SHEET_TEXTS = [(s.field, s.label) for s in sections.SECTIONS]


def _public_sheets(fiscal_year: int | None):
    return records.sheets(fiscal_year).order_by(
        "cycle__fiscal_year", "project__group", "project__position", "project__name")


def _latest(sheets) -> datetime.datetime | None:
    return max((s.published_at for s in sheets if s.published_at), default=None)


def _build_sheets(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    cycles = _years(fiscal_year)
    sheets = list(_public_sheets(fiscal_year))
    columns = [*FY_COLUMNS, Column("事業ID", INTEGER), Column("事務事業名"),
               Column("検証対象", BOOLEAN), *(Column(label) for _name, label in SHEET_TEXTS)]
    rows = []
    for sheet in sheets:
        snapshot = sheet.published_snapshot or {}
        texts = snapshot.get("texts", {})
        rows.append([*fy_cells(sheet.fiscal_year), sheet.project_id,
                     snapshot.get("project", sheet.project.name),
                     bool(snapshot.get("verified", sheet.verified)),
                     *(texts.get(name, "") for name, _label in SHEET_TEXTS)])
    return _yearly(entry, fiscal_year, columns, rows, cycles, modified=_latest(sheets))


# --------------------------------------------------------------------------- 成果・活動指標


def _build_indicators(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    from shisaku.sheets.achievement import ActualStatus, Direction
    from shisaku.sheets.breakdown import format_breakdown
    from shisaku.sheets.models import Indicator

    kinds: dict[object, object] = dict(Indicator.Kind.choices)
    directions: dict[object, object] = dict(Direction.choices)
    statuses = dict(ActualStatus.choices)
    cycles = _years(fiscal_year)
    sheets = list(_public_sheets(fiscal_year))
    columns = [Column("掲載年度（西暦）", INTEGER), Column("掲載年度（和暦）"), *FY_COLUMNS,
               Column("事業ID", INTEGER), Column("事務事業名"), Column("指標名"), Column("種別"),
               Column("方向"), Column("単位"), Column("目標値", DECIMAL), Column("実績値", DECIMAL),
               Column("実績の状況"), Column("実績の内訳"), Column("備考")]
    rows = []
    for sheet in sheets:
        name = (sheet.published_snapshot or {}).get("project", sheet.project.name)
        for indicator in records.snapshot_values(sheet):
            unit = indicator.get("unit", "")
            for value in indicator.get("values", []):
                status = value.get("actual_status") or ActualStatus.MEASURED
                rows.append([
                    *fy_cells(sheet.fiscal_year), *fy_cells(value["fiscal_year"]),
                    sheet.project_id, name, indicator.get("name", ""),
                    str(kinds.get(indicator.get("kind"), "")),
                    str(directions.get(indicator.get("direction"), "")), unit,
                    number(value.get("target")), number(value.get("actual")),
                    str(statuses.get(status, status)),
                    format_breakdown(value.get("breakdown") or [], unit),
                    value.get("comment", "")])
    return _yearly(entry, fiscal_year, columns, rows, cycles, modified=_latest(sheets))


# --------------------------------------------------------------------------- 検証意見と対応


def _build_opinions(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    cycles = _years(fiscal_year)
    opinions = list(records.opinions(fiscal_year).prefetch_related("sheet__project__articles"))
    follow_ups = {f.response_id: f for f in records.follow_ups()}
    columns = [*FY_COLUMNS, Column("番号", INTEGER), Column("対象の範囲"), Column("条例の条文"),
               Column("事業ID", INTEGER), Column("事務事業名"), Column("関連事業"), Column("検証意見"),
               Column("対応の分類"), Column("対応"), Column("対応の所管課"),
               Column("フォローアップ年度（西暦）", INTEGER), Column("フォローアップ年度（和暦）"),
               Column("フォローアップの実施状況"), Column("フォローアップの説明")]
    rows = []
    for opinion in opinions:
        project = opinion.sheet.project if opinion.sheet is not None else None
        if opinion.article is not None:
            article = format_article(opinion.article.number)
        else:
            article = _articles(project.articles.all()) if project else ""
        response = getattr(opinion, "response", None)
        follow_up = follow_ups.get(response.pk) if response else None
        rows.append([
            *fy_cells(opinion.cycle.fiscal_year), opinion.number, opinion.get_scope_display(),
            article, project.pk if project else None, project.name if project else "",
            opinion.group, opinion.text,
            response.get_classification_display() if response else "",
            response.text if response else "",
            response.section.name if response and response.section_id else "",
            *fy_cells(follow_up.cycle.fiscal_year if follow_up else None),
            follow_up.get_status_display() if follow_up else "",
            follow_up.note if follow_up else ""])
    return _yearly(entry, fiscal_year, columns, rows, cycles)


def _build_main_opinions(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    cycles = _years(fiscal_year)
    columns = [*FY_COLUMNS, Column("条例の条文"), Column("条文の見出し"), Column("順序", INTEGER),
               Column("主な検証意見"), Column("市の対応")]
    rows = []
    for cycle in sorted(cycles, key=lambda c: c.fiscal_year):
        for main in records.main_opinions(cycle.fiscal_year):
            response = getattr(main.opinion, "response", None) if main.opinion_id else None
            rows.append([*fy_cells(cycle.fiscal_year), format_article(main.article.number),
                         main.article.title, main.order, main.text,
                         response.text if response else ""])
    return _yearly(entry, fiscal_year, columns, rows, cycles)


# --------------------------------------------------------------------------- 産業振興プラン


def _build_plan(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    from shisaku.plan.models import Node

    programs = list(records.programs())
    nodes = (Node.objects.filter(program__in=programs)
             .select_related("program__plan", "level", "parent")
             .order_by("program__ordinal", "level__order", "order", "code"))
    columns = [Column("計画名"), Column("実行プログラム"), Column("開始年度（西暦）", INTEGER),
               Column("開始年度（和暦）"), Column("終了年度（西暦）", INTEGER), Column("終了年度（和暦）"),
               Column("階層"), Column("番号"), Column("名称"), Column("上位の番号"),
               Column("他局の取組", BOOLEAN)]
    rows = [[n.program.plan.name, n.program.name, *fy_cells(n.program.first_fy),
             *fy_cells(n.program.last_fy), n.level.name, n.code, n.title,
             n.parent.code if n.parent is not None else "", n.other_bureau] for n in nodes]
    return Table(entry.slug, str(entry.title), str(entry.description), columns, rows,
                 period=(fiscal_year_bounds(min(p.first_fy for p in programs))[0],
                         fiscal_year_bounds(max(p.last_fy for p in programs))[1])
                 if programs else None,
                 modified=max((n.updated_at for n in nodes if n.updated_at), default=None),
                 keywords=list(entry.keywords))


# --------------------------------------------------------------------------- 公表文書


def _build_documents(entry: Entry, fiscal_year: int | None, absolute) -> Table:
    from django.urls import reverse

    from shisaku.reports.build import KINDS
    from shisaku.reports.models import PublishedDocument

    cycles = _years(fiscal_year)
    documents = (PublishedDocument.objects.defer("content")
                 .filter(cycle__in=[c.pk for c in cycles]).select_related("cycle")
                 .order_by("cycle__fiscal_year", "kind", "format"))
    columns = [*FY_COLUMNS, Column("種類"), Column("形式"), Column("SHA-256"),
               Column("サイズ（バイト）", INTEGER), Column("URL")]
    rows = []
    for document in documents:
        url = reverse("reports:public_download",
                      args=[document.cycle.fiscal_year, document.kind, document.format])
        rows.append([*fy_cells(document.cycle.fiscal_year), KINDS.get(document.kind, document.kind),
                     document.format.upper(), document.sha256, document.size,
                     absolute(url)])
    return _yearly(entry, fiscal_year, columns, rows, cycles,
                   modified=max((d.created_at for d in documents), default=None))


FIXED = [
    Entry("projects", _("事務事業一覧"),
          _("産業振興プランの事務事業: 名称、所管課、条例の条文、実行プログラム上の位置付け、事業の変遷、開始・終了年度。"),
          False, _build_projects, ("事務事業", "中小企業活性化", "産業振興プラン")),
    Entry("placements", _("事務事業の体系上の位置付け"),
          _("事務事業が実行プログラムの体系のどの項目に位置付けられているか（1行に1つの位置付け）。"),
          False, _build_placements, ("事務事業", "産業振興プラン", "施策体系")),
    Entry("sheets", _("事業シート（公表版）"),
          _("公表した年度の事業シートの記載内容（公表時点の内容）。年度ごとに絞り込めます。"),
          True, _build_sheets, ("事業シート", "施策検証", "中小企業活性化")),
    Entry("indicators", _("成果・活動指標の目標値と実績値"),
          _("公表した事業シートに掲載した成果・活動指標の目標値と実績値。単位は行ごとの単位列にあります。"),
          True, _build_indicators, ("成果指標", "活動指標", "施策検証")),
    Entry("opinions", _("検証意見と対応"),
          _("産業振興協議会の検証意見、市の対応とその分類、翌年度以降のフォローアップ。"),
          True, _build_opinions, ("検証意見", "施策検証", "産業振興協議会")),
    Entry("main-opinions", _("条文ごとの主な検証意見"),
          _("条例の条文（第12条～第19条）ごとにまとめた主な検証意見と市の対応。"),
          True, _build_main_opinions, ("検証意見", "条例", "施策検証")),
    Entry("plan", _("産業振興プランの体系"),
          _("かわさき産業振興プランの実行プログラムごとの体系（階層、番号、名称、上位の番号）。"),
          False, _build_plan, ("産業振興プラン", "実行プログラム", "施策体系")),
    Entry("documents", _("公表文書一覧"),
          _("公表した中小企業活性化施策実施状況報告書などの文書: 年度、種類、形式、SHA-256、サイズ、URL。"),
          True, _build_documents, ("報告書", "公表文書")),
]
STATS_PREFIX = "stats-"


def entries() -> list[Entry]:
    """Every table of the catalogue: the fixed ones, then one per statistics dataset."""
    from .statistics import stats_entries

    return FIXED + stats_entries()


def entry(slug: str) -> Entry | None:
    for fixed in FIXED:
        if fixed.slug == slug:
            return fixed
    if slug.startswith(STATS_PREFIX):
        from .statistics import stats_entry

        return stats_entry(slug.removeprefix(STATS_PREFIX))
    return None
