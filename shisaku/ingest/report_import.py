"""Writing a parsed past report into the database: all of it in one transaction, or nothing.

    report = reader.parse_bytes(data, 2021)
    result = import_report(report, published_on=date(2022, 8, 31), source_pdf=pdf_bytes)
    # raises ReportError and writes nothing when refused

Rules:

* Projects are found by name (exact, then width-folded, then without a trailing
  "(溝口事務所含む)"), then moved along their lineage to the one that ran in the fiscal
  year (a FY2022 successor's row of FY2021 belongs to its predecessor). Unknown projects
  are created with the group, position and article the report prints, and listed.
* A year already 公表済 in Shisaku is never written (``replace`` included): an import
  that would change anything is refused with the differences; the same file again is
  "no change". The published record changes only through the correction procedure.
* Otherwise the cycle is created when missing; sheets (revision 1) and their texts and
  values are written through the sheet service (sheets/editing.py save_sheet), so every
  import leaves change history; その他の事業 rows become unverified sheets with their
  two-part summary. Indicators and their values of every FY column are written, except
  values of another year that is already published (never overwritten).
* Last, the year is recorded as published by the city (sheets/cycle.py
  record_past_publication: 公表済, published_on = the report's date or the one given,
  sheets the report lacks flagged ``source_missing``, every sheet frozen with its
  snapshot); the city's PDF, when imported from one, is kept as the year's published
  report (reports/publish.py keep_city_document). The publication gate is for years run
  in Shisaku, not for history.
* Opinions and responses keep the printed numbers; a group's Check is stored with the
  group scope, art. 19's with the article scope. The report prints no classification
  of a response: new ones are 反映予定 (one warning says so).
* Opinions and responses are written as model instances (.save()/.delete()): the
  verification services number them and accept them only while a year is 検証中, which a
  printed past report is not. ``replace`` overwrites registered statistics (the art. 19
  contract figures) with the report's.
* Importing the same file twice changes nothing: every write compares first.
* Rosters, the main opinions per article, the art. 19 contract figures (statistics) and
  the FY+1 lineage notes go where the models hold them; the rest is a warning.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from shisaku.audit.context import audited
from shisaku.audit.records import log_bulk, log_bulk_m2m
from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy, parse_fy
from shisaku.ordinance.models import Article, Ordinance
from shisaku.projects.models import LineageEvent, Project
from shisaku.sheets.cycle import record_past_publication
from shisaku.sheets.editing import ValueInput, _yes_no, save_sheet
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.units import UNITS
from shisaku.verification import services as verification_services
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    Member,
    Membership,
    Opinion,
)

from . import reader as rp
from .reader import ReportError

Progress = Callable[[int, int], None]

KINDS = {
    "project": "事務事業", "lineage": "事業の変遷", "cycle": "年度サイクル",
    "article": "条文", "ordinance": "条例", "sheet": "事業シート", "summary": "その他の事業",
    "indicator": "指標", "value": "指標の値", "opinion": "検証意見", "response": "対応",
    "main_opinion": "主な検証意見", "committee": "会議体", "member": "委員",
    "membership": "名簿", "figure": "契約実績", "publication": "公表の記録",
    "document": "公表文書（市の報告書PDF）",
    "procurement_page": "第19条の頁",
}


@dataclass
class ImportResult:
    fiscal_year: int
    dry_run: bool = False
    replace: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    created_projects: list[str] = field(default_factory=list)
    warnings: list[rp.Warning] = field(default_factory=list)
    sheet_ids: list[int] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(
            self.deleted.values())

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(rp.Warning(line, message))

    def _counts(self, counter: Counter) -> str:
        return "、".join(f"{KINDS.get(k, k)}{n}件" for k, n in counter.items() if n)

    def summary(self) -> str:
        head = format_fy(self.fiscal_year)
        if not self.changes:
            text = f"{head}: 変更はありません（すべて登録済みです）。"
        else:
            verb = "登録する内容" if self.dry_run else "登録しました"
            parts = [f"作成 {self._counts(self.created)}" if self.created else "",
                     f"更新 {self._counts(self.updated)}" if self.updated else "",
                     f"削除 {self._counts(self.deleted)}" if self.deleted else ""]
            text = f"{head}: {verb}（{' / '.join(p for p in parts if p)}）。"
        if self.skipped:
            text += f" 公表済のため上書きしなかったもの: {self._counts(self.skipped)}。"
        if self.created_projects:
            text += f" 新しく作成した事務事業: {'、'.join(self.created_projects)}。"
        if self.dry_run:
            text += " （確認のみ: 何も書き込んでいません）"
        return text

    def to_json(self) -> dict:
        return {
            "fiscal_year": self.fiscal_year, "dry_run": self.dry_run, "replace": self.replace,
            "changes": self.changes,
            "created": dict(self.created), "updated": dict(self.updated),
            "deleted": dict(self.deleted), "unchanged": dict(self.unchanged),
            "skipped": dict(self.skipped), "created_projects": self.created_projects,
            "warnings": rp.to_json(self.warnings),
        }


def check_report(report: rp.ParsedReport, fiscal_year: int | None = None) -> int:
    """The fiscal year to import into, or ReportError when the file cannot be imported."""
    fy = fiscal_year if fiscal_year is not None else report.fiscal_year
    if fy is None:
        raise ReportError("報告書の年度を判定できません。年度（--fiscal-year）を指定してください。")
    detected = report.detected_fiscal_year
    if detected is not None and detected != fy:
        raise ReportError(f"このファイルは{format_fy(detected)}の報告書ですが、{format_fy(fy)}として"
                          "取り込もうとしています。年度を確かめてください。何も登録していません。")
    if report.truncated:
        raise ReportError(f"ファイルが途中で切れているため（{report.lines}行目まで）、取り込みません。"
                          "元のファイル全体を指定してください。何も登録していません。")
    if not report.sheets and not report.other_entries:
        raise ReportError("事業シートが1件も見つかりません（見出し「施策における目標」「事業計画 Plan」が"
                          "ありません）。報告書のテキストか PDF を指定してください。何も登録していません。")
    return fy


@audited
def import_report(report: rp.ParsedReport, *, fiscal_year: int | None = None,
                  replace: bool = False, dry_run: bool = False, user=None,
                  progress: Progress | None = None,
                  published_on: datetime.date | None = None, source_pdf: bytes | None = None,
                  source_name: str = "") -> ImportResult:
    """Write the report in one transaction (rolled back when dry_run); ReportError if refused.

    `published_on` is the city's publication date when the report prints none; `source_pdf`
    the city's PDF, kept as the year's published report; `user` the actor (None from a
    command: the audit trail records the OS user).
    """
    fy = check_report(report, fiscal_year)
    report.fiscal_year = fy
    frozen = Cycle.objects.filter(fiscal_year=fy, status=Cycle.Status.PUBLISHED).exists()
    writer = _Writer(report, fy, replace=replace and not frozen, user=user, progress=progress,
                     published_on=published_on, source_pdf=source_pdf, source_name=source_name)
    writer.result.dry_run = dry_run
    try:
        with transaction.atomic():
            writer.run()
            if frozen:
                writer.compare_document()
                transaction.set_rollback(True)  # a published year is compared, never written
            else:
                writer.record_publication()
                if dry_run:
                    transaction.set_rollback(True)
    except ReportError:
        raise
    except PermissionDenied as exc:
        raise ReportError(gettext("過去の年度を取り込めるのは企画課だけです。何も登録していません。")) from exc
    except (DatabaseError, ValidationError) as exc:
        if frozen:
            raise ReportError(_published_refusal(fy, "")) from exc
        detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise ReportError(f"登録中に問題が起きたため、何も登録していません（{detail[:200]}）。"
                          ) from exc
    result = writer.result
    if frozen and (result.changes or result.skipped):
        differences = result._counts(result.created + result.updated + result.deleted
                                     + result.skipped)
        raise ReportError(_published_refusal(fy, differences))
    return result


def _published_refusal(fy: int, differences: str) -> str:
    text = gettext("%(fy)sは Shisaku で公表済のため、この報告書は取り込みません（置き換え（--replace）を"
                   "指定しても同じです）。公表した記録は事業シートの訂正の手続でのみ変更できます。") % {
        "fy": format_fy(fy)}
    if differences:
        text += gettext("報告書と登録済みの内容の違い: %(diff)s。") % {"diff": differences}
    return text + gettext("何も登録していません。")


def _fold(text: str) -> str:
    return rp.fold(text)


def _strip_paren(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]$", "", _fold(text))


_FROM_FY = re.compile(r"((?:令和|平成)\s*(?:元|\d{1,2})\s*(?:[(（]\s*\d{4}\s*[)）])?\s*年度)\s*(?:から|より)")


def _effective_fy(text: str) -> int | None:
    match = _FROM_FY.search(text)
    if not match:
        return None
    try:
        return parse_fy(match.group(1))
    except ValueError:
        return None


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is None and b is None
        return Decimal(a) == Decimal(b)
    return a == b


def _plain_breakdown(items: list[dict]) -> list[dict]:
    out = []
    for item in items or []:
        value = item.get("value")
        if isinstance(value, Decimal):
            value = rp.json_number(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append({"label": str(item.get("label", "")), "value": value})
    return out


def key_without_cycle(key: dict) -> dict:
    return {k: v for k, v in key.items() if k != "cycle"}


class _Writer:
    def __init__(self, report: rp.ParsedReport, fy: int, *, replace: bool, user,
                 progress: Progress | None, published_on: datetime.date | None = None,
                 source_pdf: bytes | None = None, source_name: str = ""):
        self.published_on = published_on
        self.source_pdf = source_pdf
        self.source_name = source_name
        self.report = report
        self.fy = fy
        self.replace = replace
        self.user = user
        self.progress = progress
        self.result = ImportResult(fiscal_year=fy, replace=replace)
        self.now = timezone.now()
        self.articles: dict[int, Article | None] = {}
        self.done_projects: set[int] = set()
        # Rows to write with one insert per kind: (project, its article), new sheets.
        self.pending_projects: list[tuple[Project, Article | None]] = []
        self.pending_sheets: list[tuple[Sheet, dict]] = []
        self.pending_opinions: list[tuple[dict, list, object]] = []

    def warn(self, line: int, message: str) -> None:
        self.result.warn(line, message)

    # ---------------------------------------------------------------- the steps

    def run(self) -> None:
        report = self.report
        self._load_projects()
        self.cycle = self._cycle()
        self._load_sheets()
        steps = len(report.sheets) + len(report.other_entries) + 4
        done = 0
        headings = {_fold(s.project): s for s in report.sheets}
        for listed in report.verified_projects:
            # The sheet's own heading (商業振興関連事業 ④…) beats the list's layout.
            sheet = headings.get(_fold(listed.name))
            group = sheet.group if sheet is not None and sheet.group else listed.group
            position = sheet.position if sheet is not None and sheet.group else listed.position
            self._project(listed.name, group, position, listed.article, listed.line)
        notes = {}
        for note in report.lineage_notes:
            notes.setdefault(note.mark, note)
        for listed in report.other_projects:
            last_fy = None
            note = notes.get(listed.mark)
            if note is not None and note.effective_fy:
                last_fy = note.effective_fy - 1
            self._project(listed.name, None, None, listed.article, listed.line, last_fy=last_fy)
        self._flush_projects()
        self._lineage()
        self._tick(done := done + 1, steps)
        new_response = False
        # Projects first (one insert), then the sheets' texts (one insert), then each
        # sheet's indicators and opinions.
        projects = [self._project(s.project, s.group, s.position, s.article, s.line)
                    for s in report.sheets]
        self._flush_projects()
        written = [self._sheet(sheet, project) for sheet, project in zip(report.sheets, projects,
                                                                          strict=True)]
        self._flush_sheets()
        self._load_indicators([project for _p, project, _s in filter(None, written)])
        for parsed, project, sheet in filter(None, written):
            new_response |= self._sheet_parts(parsed, project, sheet)
            self._tick(done := done + 1, steps)
        new_response |= self._flush_opinions()
        if report.procurement is not None:
            new_response |= self._procurement(report.procurement)
        self._tick(done := done + 1, steps)
        self._main_opinions()
        projects = [self._project(e.project, None, None, e.article, e.line)
                    for e in report.other_entries]
        self._flush_projects()
        for entry, project in zip(report.other_entries, projects, strict=True):
            self._summary(entry, project)
            self._tick(done := done + 1, steps)
        self._flush_sheets()
        self._rosters()
        self._ordinance_text()
        self._tick(steps, steps)
        if new_response:
            self.warn(0, "対応の分類（反映済・反映予定など）は報告書に印刷されていないため、新しく登録した"
                         "対応は「反映予定」としました。必要に応じて直してください。")

    def _tick(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)

    # ---------------------------------------------------------------- cycle, articles

    def _cycle(self) -> Cycle:
        cycle = Cycle.objects.filter(fiscal_year=self.fy).order_by("pk").first()
        if cycle is not None:
            self.result.unchanged["cycle"] += 1
            return cycle
        # Written first as an ordinary year; record_publication marks it published last.
        cycle = Cycle(fiscal_year=self.fy, status=Cycle.Status.PREPARING,
                      verify_procurement=self.report.procurement is not None)
        cycle.full_clean()
        cycle.save()
        self.result.created["cycle"] += 1
        return cycle

    # ---------------------------------------------------------------- publication

    def _publication_date(self) -> datetime.date | None:
        printed = self.report.published or ""
        day = None
        if len(printed) == 10:  # a full date, YYYY-MM-DD
            try:
                day = datetime.date.fromisoformat(printed)
            except ValueError:
                day = None
        if self.published_on is not None:
            if printed and not self.published_on.isoformat().startswith(printed[:7]):
                self.warn(0, f"指定した公表日（{self.published_on.isoformat()}）は報告書に印刷された"
                             f"発行年月（{printed}）と異なります。指定した日付を使います。")
            return self.published_on
        if day is None:
            if printed:
                self.warn(0, f"公表日は報告書に月（{printed}）しか印刷されていないため、年度サイクルの"
                             "公表日は空欄にしました（公表日（--published-on）を指定すると記録します）。")
            else:
                self.warn(0, "公表日が報告書にないため、年度サイクルの公表日は空欄にしました"
                             "（公表日（--published-on）を指定すると記録します）。")
        return day

    def record_publication(self) -> None:
        """After every write: the year is recorded as published by the city."""
        title = self.report.title or "実施状況報告書"
        source = f"{title}（{format_fy(self.fy)}）" + (
            f"「{self.source_name}」" if self.source_name else "")
        published_on = self._publication_date()
        if not self.cycle.is_published:
            printed = self.report.published or ""
            month = printed[:7] if published_on is None and len(printed) >= 7 else ""
            record_past_publication(self.cycle, self.user, published_on=published_on,
                                    source=source, found_project_ids=self.done_projects,
                                    published_month=month)
            self.result.created["publication"] += 1
            missing = list(Sheet.objects.current().filter(cycle=self.cycle, source_missing=True)
                           .select_related("project").order_by("project__name"))
            if missing:
                self.warn(0, f"報告書に載っていないシートが{len(missing)}件あります（「報告書に記載なし」と"
                             f"記録しました）: {'、'.join(s.project.name for s in missing[:20])}"
                             + (" ほか" if len(missing) > 20 else ""))
        self.cycle.refresh_from_db()
        if self.source_pdf:
            from shisaku.reports.publish import keep_city_document

            _document, created = keep_city_document(self.cycle, self.source_pdf)
            (self.result.created if created else self.result.unchanged)["document"] += 1

    def compare_document(self) -> None:
        """A published year: would the city's PDF be a new document?"""
        if not self.source_pdf:
            return
        from shisaku.reports.models import PublishedDocument

        stored = PublishedDocument.objects.filter(cycle=self.cycle, kind="full",
                                                  format="pdf").first()
        if stored is not None and bytes(stored.content) == bytes(self.source_pdf):
            self.result.unchanged["document"] += 1
        else:
            self.result.created["document"] += 1

    def _article(self, number: int | None, line: int = 0) -> Article | None:
        if number is None:
            return None
        if number in self.articles:
            return self.articles[number]
        title = self.report.ordinance
        candidates = list(Article.objects.filter(number=number).select_related("ordinance"))
        article = None
        if len(candidates) == 1:
            article = candidates[0]
        elif candidates:
            article = next((a for a in candidates if a.ordinance.title == title), None)
            if article is None:
                self.warn(line, f"{format_article(number)}が複数の条例にあり、どれか決められないため条文に結び付けません。")
        elif title:
            ordinance, created = Ordinance.objects.get_or_create(title=title)
            measure = self.report.measures.get(number, "")
            article = Article.objects.create(
                ordinance=ordinance, number=number, title=measure[:200] or format_article(number),
                kind=Article.Kind.MEASURE if 12 <= number <= 19 else Article.Kind.OTHER)
            self.result.created["article"] += 1
        else:
            self.warn(line, f"{format_article(number)}が登録されておらず、条例名も読み取れないため条文に結び付けません。")
        self.articles[number] = article
        return article

    # ---------------------------------------------------------------- projects

    def _load_projects(self) -> None:
        self.projects = list(Project.objects.all())
        self._index()
        self.graph_back: dict[int, set[int]] = {}
        self.graph_forward: dict[int, set[int]] = {}
        self.events = []
        for event in LineageEvent.objects.prefetch_related("predecessors", "successors"):
            before = {p.pk for p in event.predecessors.all()}
            after = {p.pk for p in event.successors.all()}
            self.events.append((before, after))
            for b in before:
                self.graph_forward.setdefault(b, set()).update(after)
            for a in after:
                self.graph_back.setdefault(a, set()).update(before)

    def _index(self) -> None:
        self.by_name: dict[str, Project] = {}
        self.by_fold: dict[str, Project] = {}
        self.by_bare: dict[str, Project] = {}
        self.by_pk: dict[int, Project] = {}
        self.slots: set[tuple[str, int]] = set()
        for p in self.projects:
            self._index_one(p)

    def _index_one(self, p: Project) -> None:
        """Add one project to the lookups (the first of a folded name keeps its place)."""
        self.by_name[p.name] = p
        self.by_fold.setdefault(_fold(p.name), p)
        self.by_bare.setdefault(_strip_paren(p.name), p)
        if p.pk is not None:
            self.by_pk[p.pk] = p
        if p.group and p.position:
            self.slots.add((p.group, p.position))

    def _find(self, name: str) -> Project | None:
        return (self.by_name.get(name) or self.by_fold.get(_fold(name))
                or self.by_fold.get(_strip_paren(name)) or self.by_bare.get(_strip_paren(name)))

    def _project(self, name: str, group: str | None, position: int | None,
                 article: int | None, line: int, *, first_fy: int | None = None,
                 last_fy: int | None = None) -> Project | None:
        name = (name or "").strip()
        if not name:
            return None
        found = self._find(name)
        if found is not None:
            if group and found.group and found.group != group:
                self.warn(line, f"「{name}」は登録済みの関連事業「{found.group}」のままにします"
                                f"（報告書では「{group}」）。")
            return found
        group = (group or "")[:100]
        if position and (not group or (group, position) in self.slots):
            if group:
                self.warn(line, f"「{group}」の{rp.mark(position)}は別の事業が使っているため、"
                                f"「{name}」は番号なしで作成します。")
            position = None
        project = Project(name=name[:200], group=group, position=position,
                          first_fy=first_fy, last_fy=last_fy)
        art = self._article(article, line)
        self.pending_projects.append((project, art))
        self.projects.append(project)
        self._index_one(project)
        self.result.created["project"] += 1
        self.result.created_projects.append(project.name)
        return project

    def _flush_projects(self) -> None:
        """Write the projects created since the last flush: one insert per table."""
        if not self.pending_projects:
            return
        pending, self.pending_projects = self.pending_projects, []
        projects = [project for project, _article in pending]
        Project.objects.bulk_create(projects)
        through = Project.articles.through
        through.objects.bulk_create([through(project_id=project.pk, article_id=article.pk)
                                     for project, article in pending if article is not None])
        log_bulk(projects, LogEntry.Action.CREATE)
        log_bulk_m2m(projects, "articles",
                     [[article] if article is not None else [] for _p, article in pending])
        for project in projects:
            self.by_pk[project.pk] = project

    def _in_year(self, project: Project, hint: str | None, line: int) -> Project:
        """The project of the lineage that ran in the fiscal year."""
        if project.is_active_in(self.fy):
            return project
        graph = self.graph_back if project.first_fy and self.fy < project.first_fy \
            else self.graph_forward
        seen, stack, found = {project.pk}, [project.pk], []
        while stack:
            for pk in graph.get(stack.pop(), ()):
                if pk in seen:
                    continue
                seen.add(pk)
                candidate = self.by_pk.get(pk)
                if candidate is None:
                    continue
                if candidate.is_active_in(self.fy):
                    found.append(candidate)
                else:
                    stack.append(pk)
        if hint:
            hinted = self._find(hint)
            if hinted is not None and hinted in found:
                return hinted
        if len(found) == 1:
            self.warn(line, f"「{project.name}」は{format_fy(self.fy)}には実施されていないため、"
                            f"変遷をたどって「{found[0].name}」に登録します。")
            return found[0]
        if found:
            self.warn(line, f"「{project.name}」の{format_fy(self.fy)}の事業が変遷から1つに決まらない"
                            f"（{'、'.join(p.name for p in found)}）ため、「{project.name}」に登録します。")
        else:
            self.warn(line, f"「{project.name}」は{project.years_label}の事業ですが、"
                            f"{format_fy(self.fy)}の内容として登録します。")
        return project

    def _lineage(self) -> None:
        for note in self.report.lineage_notes:
            if not note.kind or not note.successor or not note.effective_fy:
                continue
            predecessors = []
            for name in note.predecessors:
                project = self._find(name) or self._project(name, None, None, None, note.line,
                                                            last_fy=note.effective_fy - 1)
                if project is not None:
                    predecessors.append(project)
            successor = self._find(note.successor)
            if successor is None:
                new_name = all(_fold(note.successor) != _fold(p) for p in note.predecessors)
                successor = self._project(note.successor, None, None, None, note.line,
                                          first_fy=note.effective_fy if new_name else None)
            if successor is None or not predecessors:
                continue
            self._flush_projects()
            before = {p.pk for p in predecessors}
            if any(before <= b and successor.pk in a for b, a in self.events):
                self.result.unchanged["lineage"] += 1
                continue
            kind = LineageEvent.Kind.RENAMED if note.kind == "renamed" else LineageEvent.Kind.MERGED
            if kind == LineageEvent.Kind.RENAMED and len(predecessors) != 1:
                kind = LineageEvent.Kind.MERGED
            from shisaku.projects.lineage import record_event

            try:
                with transaction.atomic():
                    record_event(kind, note.effective_fy, predecessors, [successor],
                                 note=f"※{note.mark} {note.text}（{format_fy(self.fy)}の報告書から取込み）")
            except ValidationError as exc:
                self.warn(note.line, f"※{note.mark}の変遷を登録できません: {'; '.join(exc.messages)}")
                continue
            self.events.append((before, {successor.pk}))
            for b in before:
                self.graph_forward.setdefault(b, set()).add(successor.pk)
            self.graph_back.setdefault(successor.pk, set()).update(before)
            self.result.created["lineage"] += 1

    # ---------------------------------------------------------------- sheets

    def _load_sheets(self) -> None:
        self.sheets = {s.project_id: s for s in
                       Sheet.objects.current().filter(cycle=self.cycle).select_related("cycle")}
        self.published = set(Sheet.objects.current().published()
                             .values_list("project_id", "cycle__fiscal_year"))
        self.published_years = set(Cycle.objects.published().values_list("fiscal_year",
                                                                          flat=True))

    def _protected(self, sheet: Sheet | None) -> bool:
        return sheet is not None and (sheet.is_published or self.cycle.is_published)

    def _write_sheet(self, project: Project, fields: dict, line: int, what: str) -> Sheet | None:
        """Texts go through the sheet service (save_sheet): each import leaves history."""
        fields = dict(fields)
        verified = fields.pop("verified")
        sheet = self.sheets.get(project.pk)
        if sheet is None:
            # Written by _flush_sheets with the other new sheets (one insert): as created
            # and then saved through the sheet service, with the same history.
            sheet = Sheet(cycle=self.cycle, project=project, revision=1, updated_by=self.user)
            self.pending_sheets.append((sheet, {**fields, "verified": verified}))
            self.sheets[project.pk] = sheet
            self.result.created[what] += 1
            return sheet
        diffs = [name for name, value in fields.items() if (getattr(sheet, name) or "") != value]
        if not diffs and sheet.verified == verified:
            self.result.unchanged[what] += 1
            return sheet
        if self._protected(sheet):
            self.result.skipped[what] += 1
            labels = "、".join(str(Sheet._meta.get_field(n).verbose_name)
                              for n in diffs + (["verified"] if sheet.verified != verified else []))
            self.warn(line, f"「{project.name}」の{format_fy(self.fy)}のシートは公表済のため上書きしません"
                            f"（異なる項目: {labels}）。")
            return sheet
        save_sheet(sheet, self.user, {name: fields[name] for name in diffs}, sheet.version,
                   verified=verified if sheet.verified != verified else None,
                   check_access=False)
        self.result.updated[what] += 1
        return sheet

    def _load_indicators(self, projects: list[Project]) -> None:
        """The indicators (with their values) of the sheets' projects, in one query each."""
        self.indicators_of: dict[int, list[Indicator]] = {}
        wanted = {p.pk for p in projects}
        if not wanted:
            return
        for indicator in (Indicator.objects.filter(project__in=wanted)
                          .prefetch_related("values")):  # in the model's order, as before
            self.indicators_of.setdefault(indicator.project_id, []).append(indicator)

    def _flush_sheets(self) -> None:
        """Write the new sheets: what Sheet.save + save_sheet wrote for each, in bulk.

        Each sheet is inserted with its texts (revision 1, its version once bumped by the
        service), with the history rows 作成 / each text / 検証対象 and one audit entry.
        """
        if not self.pending_sheets:
            return
        pending, self.pending_sheets = self.pending_sheets, []
        changes = []
        for sheet, fields in pending:
            verified = fields.pop("verified")
            changes.append(SheetChange(sheet=sheet, field=gettext("作成"),
                                       after=gettext("過去の報告書から取込み"), user=self.user))
            for name, new in fields.items():
                if new:
                    changes.append(SheetChange(
                        sheet=sheet, field=str(Sheet._meta.get_field(name).verbose_name),
                        before="", after=new, user=self.user))
                setattr(sheet, name, new)
            if verified != sheet.verified:
                changes.append(SheetChange(sheet=sheet, field=str(gettext("検証対象")),
                                           before=_yes_no(sheet.verified),
                                           after=_yes_no(verified), user=self.user))
                sheet.verified = verified
            sheet.version += 1
        sheets = [sheet for sheet, _fields in pending]
        Sheet.objects.bulk_create(sheets)
        for change in changes:
            change.sheet_id = change.sheet.pk
        SheetChange.objects.bulk_create(changes)
        log_bulk(sheets, LogEntry.Action.CREATE)

    def _sheet(self, parsed: rp.Sheet, project: Project | None):
        """Write (or queue) the sheet's texts; (parsed, project, sheet) for its parts."""
        if project is None:
            return None
        project = self._in_year(project, None, parsed.line)
        if project.pk in self.done_projects:
            self.warn(parsed.line, f"「{project.name}」のシートはこのファイルで既に登録したため読み飛ばしました。")
            return None
        self.done_projects.add(project.pk)
        fields = {name: getattr(parsed, name) for name in rp.Sheet.TEXTS}
        fields["verified"] = True
        sheet = self._write_sheet(project, fields, parsed.line, "sheet")
        if sheet is None:
            return None
        return parsed, project, sheet

    def _sheet_parts(self, parsed: rp.Sheet, project: Project, sheet: Sheet) -> bool:
        self.result.sheet_ids.append(sheet.pk)
        protected = self._protected(sheet)
        self._indicators(project, parsed, protected, sheet)
        new_response = False
        if parsed.opinions or parsed.responses:
            if parsed.opinion_scope == "group" and project.group:
                key = {"cycle": self.cycle, "scope": Opinion.Scope.GROUP, "group": project.group}
                guard = self.cycle.is_published
                where = f"関連事業「{project.group}」"
            else:
                if parsed.opinion_scope == "group":
                    self.warn(parsed.line, f"「{project.name}」に関連事業名がないため、関連事業の検証意見を"
                                           "このシートの意見として登録します。")
                key = {"cycle": self.cycle, "scope": Opinion.Scope.SHEET, "sheet": sheet}
                guard = protected
                where = f"「{project.name}」"
            new_response = self._opinions(key, parsed.opinions, parsed.responses, guard,
                                          project.section, where, parsed.line, queue=True)
        return new_response

    def _indicators(self, project: Project, parsed: rp.Sheet, protected: bool,
                    sheet: Sheet) -> bool:
        existing = self.indicators_of.get(project.pk, [])
        by_name = {i.name: i for i in existing}
        by_fold = {_fold(i.name): i for i in existing}
        changed = False
        inputs: list[ValueInput] = []
        for order, item in enumerate(parsed.indicators, start=1):
            indicator = by_name.get(item.name) or by_fold.get(_fold(item.name))
            unit = item.unit
            if unit and unit not in UNITS:
                self.warn(item.line, f"指標「{item.name}」の単位「{unit}」は単位の一覧にありません。"
                                     "単位を確かめてください（そのまま登録します）。")
            unit = unit[:20]
            kind = Indicator.Kind.REFERENCE if item.reference else None
            if item.description:
                self.warn(item.line, f"指標「{item.name}」の説明「{item.description[:40]}」は"
                                     "保存先がないため取り込みません。")
            if indicator is None:
                indicator = Indicator.objects.create(
                    project=project, name=item.name, unit=unit,
                    kind=kind or Indicator.Kind.ACTIVITY,
                    measure=Indicator.Measure.PERCENTAGE if unit == "%" else
                    Indicator.Measure.NUMBER, order=order)
                self.result.created["indicator"] += 1
                changed = True
                stored = {}
            else:
                updates = {}
                if indicator.unit != unit and unit:
                    updates["unit"] = unit
                if kind and indicator.kind != kind:
                    updates["kind"] = kind
                if updates and protected:
                    self.result.skipped["indicator"] += 1
                    self.warn(item.line, f"指標「{item.name}」は公表済のシートの指標のため変更しません。")
                elif updates:
                    for k, v in updates.items():
                        setattr(indicator, k, v)
                    indicator.save(update_fields=list(updates))
                    self.result.updated["indicator"] += 1
                    changed = True
                else:
                    self.result.unchanged["indicator"] += 1
                stored = {v.fiscal_year: v for v in indicator.values.all()}
            for value in item.values:
                wanted = self._value(indicator, value, stored.get(value.fiscal_year),
                                     item.line, protected)
                if wanted is not None:
                    inputs.append(wanted)
        if inputs:
            # Values go through the sheet service too: one history entry per changed cell.
            save_sheet(sheet, self.user, {}, sheet.version, values=inputs, check_access=False)
            changed = True
        return changed

    def _value(self, indicator: Indicator, value: rp.Value, stored: IndicatorValue | None,
               line: int, protected: bool) -> ValueInput | None:
        """The cell to write (counted), or None when it is unchanged or may not change."""
        fields = {
            "target": value.target, "actual": value.actual, "actual_status": value.status,
            "breakdown": _plain_breakdown(value.breakdown), "comment": value.comment[:500],
        }
        if indicator.kind == Indicator.Kind.REFERENCE:
            fields["target"] = None
        empty = (fields["target"] is None and fields["actual"] is None
                 and not fields["breakdown"] and not fields["comment"]
                 and fields["actual_status"] == "measured")
        if stored is None and empty:
            self.result.unchanged["value"] += 1
            return None
        if stored is not None:
            diffs = [k for k, v in fields.items()
                     if not _same(getattr(stored, k), v)
                     and not (k == "breakdown" and _plain_breakdown(stored.breakdown) == v)]
            if not diffs:
                self.result.unchanged["value"] += 1
                return None
        # A published year's values are final: this year's when the cycle is published,
        # and another year's (the FY-1 column) once that year is published. Never replaced.
        guarded = protected if value.fiscal_year == self.fy else (
            value.fiscal_year in self.published_years
            or (indicator.project_id, value.fiscal_year) in self.published)
        if guarded:
            self.result.skipped["value"] += 1
            self.warn(line, f"指標「{indicator.name}」の{format_fy(value.fiscal_year)}の値は公表済の"
                            "年度の値のため登録・上書きしません。")
            return None
        (self.result.updated if stored is not None else self.result.created)["value"] += 1
        return ValueInput(indicator=indicator, fiscal_year=value.fiscal_year, **fields)

    # ---------------------------------------------------------------- opinions

    def _opinions(self, key: dict, opinions: list[rp.Item], responses: list[rp.Item],
                  guard: bool, section, where: str, line: int, queue: bool = False) -> bool:
        wanted: list[tuple[int, str, str]] = []
        used: set[int] = set()
        for item in opinions:
            number = item.numbers[0] if item.numbers else 1
            while number in used:
                number += 1
            used.add(number)
            answer = "\n".join(r.text for r in responses if number in r.numbers and r.text)
            wanted.append((number, item.text[:5000], answer[:5000]))
        if guard:
            # A published year is only compared: the printed record must read the same.
            existing = Opinion.objects.filter(**key).select_related("response").order_by("number")
            current = [(o.number, o.text, getattr(getattr(o, "response", None), "text", ""))
                       for o in existing]
            if current == wanted:
                self.result.unchanged["opinion"] += len(wanted)
                return False
            self.result.skipped["opinion"] += len(wanted)
            self.warn(line, f"{where}の検証意見・対応は公表済のため上書きしません（--replace で置き換え）。")
            return False
        if queue:  # written with the other sheets' by _flush_opinions
            self.pending_opinions.append((key_without_cycle(key), wanted, section))
            return False
        counts = verification_services.record_printed_opinions(
            self.cycle, self.user, key=key_without_cycle(key), wanted=wanted, section=section,
            effective_fy_of=_effective_fy)
        self._count(counts)
        return counts.new_response

    def _flush_opinions(self) -> bool:
        """The queued opinions of every sheet, through one service call (bulk inserts)."""
        if not self.pending_opinions:
            return False
        pending, self.pending_opinions = self.pending_opinions, []
        counts = verification_services.record_printed_opinions_many(
            self.cycle, self.user, items=pending, effective_fy_of=_effective_fy)
        self._count(counts)
        return counts.new_response

    def _procurement(self, proc: rp.Procurement) -> bool:
        new_response = False
        article = self._article(proc.article, proc.line)
        if proc.opinions or proc.responses:
            if article is None:
                self.warn(proc.line, f"{format_article(proc.article)}が登録されていないため、"
                                     f"{proc.title}の検証意見を登録できません。")
            else:
                key = {"cycle": self.cycle, "scope": Opinion.Scope.ARTICLE, "article": article}
                new_response = self._opinions(key, proc.opinions, proc.responses,
                                              self.cycle.is_published,
                                              None, format_article(proc.article), proc.line)
        if proc.plan or proc.parts or proc.evaluation_items:
            self._procurement_page(proc)
        self._figures(proc)
        return new_response

    def _procurement_page(self, proc: rp.Procurement) -> None:
        """The page's texts and its 主観評価項目 table (sheets.ProcurementPage), through the
        page's one write path; a published year or a page written otherwise is compared."""
        from shisaku.sheets.models import ProcurementPage
        from shisaku.sheets.procurement import EvaluationRow, page_of, save_procurement_page

        texts = {name: proc.parts.get(name, "") for name in ProcurementPage.TEXT_FIELDS}
        texts["plan"] = proc.plan
        texts["evaluation_title"] = proc.parts.get("evaluation_title", "")
        rows = [EvaluationRow(item["name"][:200], int(re.sub(r"\D", "", item["points"]) or 0),
                              item.get("group", "")[:40],
                              datetime.date.fromisoformat(item["added_on"])
                              if item.get("added_on") else None)
                for item in proc.evaluation_items]
        stored = page_of(self.cycle)
        if stored is not None:
            same = all(getattr(stored, name) == value for name, value in texts.items()) and [
                EvaluationRow(i.name, i.points, i.group, i.added_on)
                for i in stored.evaluation_items.order_by("order")] == rows
            if same:
                self.result.unchanged["procurement_page"] += 1
                return
            if self.cycle.is_published or not self.replace:
                self.result.skipped["procurement_page"] += 1
                self.warn(proc.line, f"{format_article(proc.article)}の頁（事業計画・実施状況・主観評価項目）は登録済みで、"
                                     "報告書と異なります。上書きしません"
                                     + ("（公表済）。" if self.cycle.is_published
                                        else "（--replace で置き換え）。"))
                return
        elif self.cycle.is_published:
            # The published record never had the page: it stays as it was published.
            self.warn(proc.line, f"公表済の年度のため、{format_article(proc.article)}の頁は登録しません。")
            return
        save_procurement_page(self.cycle, self.user, evaluation=rows, check_access=False,
                              **texts)
        key = "updated" if stored is not None else "created"
        getattr(self.result, key)["procurement_page"] += 1

    def _figures(self, proc: rp.Procurement) -> None:
        from shisaku.stats import periods
        from shisaku.stats.models import Dataset, Period, ProcurementFigure, SubsidisedContracts

        document = f"{self.report.title or '実施状況報告書'}（{format_fy(self.fy)}）{format_article(proc.article)}"
        specs = [
            (proc.contracts, Dataset.Kind.PROCUREMENT, "procurement", "市の契約実績（規模等・種別）",
             ProcurementFigure, ("category", "contract_type")),
            (proc.subsidised, Dataset.Kind.SUBSIDISED, "subsidised-contracts",
             "補助金等交付事業に係る市内中小企業者への優先発注契約実績", SubsidisedContracts,
             ("scope",)),
        ]
        for rows, kind, slug, title, model, dims in specs:
            if not rows:
                continue
            dataset = (Dataset.objects.filter(slug=slug, kind=kind).first()
                       or Dataset.objects.filter(kind=kind).order_by("order", "pk").first())
            if dataset is None:
                dataset = Dataset.objects.create(
                    slug=slug, title=title, kind=kind, unit="件、百万円",
                    source="川崎市（報告書の第19条【参考】）" if "川崎" in self.report.ordinance
                    else "報告書の第19条【参考】", document=document[:300],
                    percent_places=2 if kind == Dataset.Kind.PROCUREMENT else 1)
            by_period: dict[int, Period] = {}
            for row in rows:
                fy = row["fiscal_year"]
                if fy not in by_period:
                    value = periods.parse_fiscal_year(str(fy))
                    by_period[fy], _ = Period.objects.get_or_create(
                        dataset=dataset, key=value.key,
                        defaults={"label": value.label, "order": value.order,
                                  "comparability_group": dataset.default_group(value.key)})
                lookup = {"period": by_period[fy], **{d: row[d] for d in dims}}
                stored = model.objects.filter(**lookup).order_by("pk").first()
                wanted = {"count": row["count"], "amount": row["amount"]}
                if stored is None:
                    model.objects.create(**lookup, **wanted)
                    self.result.created["figure"] += 1
                elif (stored.count, stored.amount) == (row["count"], row["amount"]):
                    self.result.unchanged["figure"] += 1
                elif self.replace:
                    stored.count, stored.amount = row["count"], row["amount"]
                    stored.save(update_fields=["count", "amount"])
                    self.result.updated["figure"] += 1
                else:
                    self.result.skipped["figure"] += 1
                    self.warn(row["line"], f"「{dataset.title}」の{format_fy(fy)}の値"
                                           f"（{stored.count:,}件・{stored.amount:,}百万円）は登録済みで、"
                                           f"報告書（{row['count']:,}件・{row['amount']:,}百万円）と異なります。"
                                           "上書きしません（--replace で置き換え）。")

    def _main_opinions(self) -> None:
        for main in self.report.main_opinions:
            article = self._article(main.article, main.line)
            if article is None:
                continue
            if self.cycle.is_published:
                # A published year is only compared: the printed record must read the same.
                stored = list(ArticleMainOpinion.objects.filter(cycle=self.cycle, article=article)
                              .order_by("order", "pk").values_list("text", flat=True))
                if stored == main.opinions:
                    self.result.unchanged["main_opinion"] += len(stored)
                    continue
                self.result.skipped["main_opinion"] += len(main.opinions)
                self.warn(main.line, f"{format_article(main.article)}の主な検証意見は公表済のため上書きしません。")
                continue
            self._count(verification_services.record_printed_main_opinions(
                self.cycle, self.user, article=article, texts=main.opinions))

    def _count(self, counts) -> None:
        for kind in ("created", "updated", "unchanged", "deleted"):
            getattr(self.result, kind).update(getattr(counts, kind))

    # ---------------------------------------------------------------- その他の事業

    def _summary(self, entry: rp.OtherEntry, project: Project | None) -> None:
        if project is None:
            return
        project = self._in_year(project, entry.merged_from, entry.line)
        if project.pk in self.done_projects:
            self.warn(entry.line, f"その他の事業「{entry.project}」は「{project.name}」のシートとして既に"
                                  "登録したため読み飛ばしました。")
            return
        self.done_projects.add(project.pk)
        existing = self.sheets.get(project.pk)
        if existing is not None and existing.verified:
            self.warn(entry.line, f"「{project.name}」は検証対象のシートがあるため、その他の事業の欄は"
                                  "取り込みません。")
            return
        self._write_sheet(project, {"verified": False, "summary_next": entry.next_overview,
                                    "summary_results": entry.results}, entry.line, "summary")

    # ---------------------------------------------------------------- rosters

    def _rosters(self) -> None:
        if not self.report.rosters:
            return
        council = None
        for roster in sorted(self.report.rosters, key=lambda r: r.kind != "council"):
            committee = Committee.objects.filter(name=roster.committee[:200]).order_by("pk").first()
            if committee is None:
                parent = None
                if roster.kind == "subcommittee":
                    parent = council or Committee.objects.filter(
                        kind=Committee.Kind.COUNCIL).order_by("order", "pk").first()
                    if parent is None:
                        self.warn(roster.line, f"「{roster.committee}」の親となる協議会がないため、"
                                               "名簿を登録できません。")
                        continue
                committee = Committee.objects.create(
                    name=roster.committee[:200], parent=parent,
                    kind=Committee.Kind.SUBCOMMITTEE if parent else Committee.Kind.COUNCIL,
                    order=Committee.objects.count() + 1)
                self.result.created["committee"] += 1
            else:
                self.result.unchanged["committee"] += 1
            if committee.kind == Committee.Kind.COUNCIL:
                council = committee
            for person in roster.members:
                self._membership(committee, person, roster.line)
        self.warn(self.report.rosters[0].line, "名簿の任期は報告書に印刷されていないため空欄にしました"
                                               f"（名簿は{self.report.rosters[0].as_of or '基準日不明'}現在）。")

    def _membership(self, committee: Committee, person: rp.RosterMember, line: int) -> None:
        name = re.sub(r"\s+", " ", person.name).strip()[:100]
        category = (Member.Category.ACADEMIC if "学識" in person.category
                    else Member.Category.ORGANISATION)
        member = Member.objects.filter(name=name).order_by("pk").first()
        if member is None:
            member = Member.objects.create(name=name, category=category,
                                           affiliation=person.title[:200])
            self.result.created["member"] += 1
        else:
            self.result.unchanged["member"] += 1
        role = person.role if person.role in Membership.Role.values else Membership.Role.MEMBER
        membership = (Membership.objects.filter(committee=committee, member=member)
                      .order_by("pk").first())
        if membership is None:
            Membership.objects.create(committee=committee, member=member, role=role,
                                      order=person.number)
            self.result.created["membership"] += 1
        elif (membership.role, membership.order) != (role, person.number):
            membership.role, membership.order = role, person.number
            membership.save()
            self.result.updated["membership"] += 1
        else:
            self.result.unchanged["membership"] += 1

    # ---------------------------------------------------------------- the ordinance (appendix)

    def _ordinance_text(self) -> None:
        """The ordinance printed as the appendix, through the ordinance service: the city's
        own text replaces a summary (the demo's); a structure the service refuses is a
        warning, the rest of the report is still imported. A published year's import only
        compares: the ordinance is not part of the year and is left as it is."""
        from shisaku.ordinance.services import save_ordinance

        text = getattr(self.report, "ordinance_text", None)
        if text is None:
            return
        for line, message in text.warnings:
            self.warn(line, f"（参考）条例: {message}")
        if self.cycle.status == Cycle.Status.PUBLISHED:
            return
        try:
            with transaction.atomic():
                result = save_ordinance(text, self.user, summarised=False,
                                        check_access=self.user is not None)
        except ValidationError as exc:
            self.warn(text.line, "（参考）条例の本文を登録しませんでした（"
                                 + "; ".join(exc.messages)[:200] + "）。")
            return
        created = result.created_by_model
        self.result.created["ordinance"] += created["ordinance.Ordinance"]
        self.result.created["article"] += created["ordinance.Article"]
        updated = result.counts["updated"]
        if updated:
            self.result.updated["article"] += updated
        self.result.unchanged["article"] += result.counts["unchanged"]
