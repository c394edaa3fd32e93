"""The project sheets: their texts, indicators and values, and the opinions and responses
of each sheet or group, through the sheets' and the verification's write paths."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.utils.translation import gettext

from shisaku.audit.records import log_bulk
from shisaku.lib.era import format_fy
from shisaku.projects.models import Project
from shisaku.sheets.editing import ValueInput, _yes_no, save_sheet
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.sheets.units import UNITS
from shisaku.verification import printed as verification_printed
from shisaku.verification.models import (
    Opinion,
)

from .. import reader as rp
from .common import (
    _effective_fy,
    _fold,
    _plain_breakdown,
    _same,
    key_without_cycle,
)


class _Sheets:
    """Methods of the importer's writer (report_import._Writer)."""

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
        if (parsed.group_opinions or parsed.group_responses) and project.group:
            # A group's Check printed under its own heading after the sheet's (Shisaku's report).
            key = {"cycle": self.cycle, "scope": Opinion.Scope.GROUP, "group": project.group}
            new_response |= self._opinions(key, parsed.group_opinions, parsed.group_responses,
                                           self.cycle.is_published, project.section,
                                           f"関連事業「{project.group}」", parsed.line, queue=True)
        elif parsed.group_opinions or parsed.group_responses:
            self.warn(parsed.line, f"「{project.name}」に関連事業名がないため、関連事業の検証意見・対応を"
                                   "読み飛ばしました。")
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
        counts = verification_printed.record_printed_opinions(
            self.cycle, self.user, key=key_without_cycle(key), wanted=wanted, section=section,
            effective_fy_of=_effective_fy)
        self._count(counts)
        return counts.new_response

    def _flush_opinions(self) -> bool:
        """The queued opinions of every sheet, through one service call (bulk inserts)."""
        if not self.pending_opinions:
            return False
        pending, self.pending_opinions = self.pending_opinions, []
        counts = verification_printed.record_printed_opinions_many(
            self.cycle, self.user, items=pending, effective_fy_of=_effective_fy)
        self._count(counts)
        return counts.new_response
