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
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from shisaku.audit.context import audited
from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.ordinance.models import Article, Ordinance
from shisaku.projects.models import Project
from shisaku.search import index as search_index
from shisaku.sheets.cycle import record_past_publication
from shisaku.sheets.models import Cycle, Sheet

from .. import reader as rp
from ..reader import ReportError
from .common import (
    KINDS,
    Progress,
    _fold,
)
from .council import _Council
from .layouts import layouts as layouts
from .layouts import own_report_layout as own_report_layout
from .procurement import _Procurement
from .projects import _Projects
from .sheets import _Sheets


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
            # The search index once at the end (search.index.deferred), not after each record.
            with search_index.deferred():
                writer.run()
                if not frozen:
                    writer.record_publication()
            if frozen:
                writer.compare_document()
                transaction.set_rollback(True)  # a published year is compared, never written
            elif dry_run:
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


class _Writer(_Projects, _Sheets, _Procurement, _Council):
    """One import: the steps in order (``run``), the cycle and its publication here; the
    projects, the sheets, the procurement page and the council's side in their modules."""

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

    # ---------------------------------------------------------------- sheets

    # ---------------------------------------------------------------- opinions

    def _count(self, counts) -> None:
        for kind in ("created", "updated", "unchanged", "deleted"):
            getattr(self.result, kind).update(getattr(counts, kind))

    # ---------------------------------------------------------------- その他の事業

    # ---------------------------------------------------------------- rosters

    # ---------------------------------------------------------------- the ordinance (appendix)

