"""Load the demo sheets of FY2021 (``shisaku.demo.sheets_data``), idempotently.

Run after ``shisaku.demo.loader.load_demo()``: the sheets belong to its projects.
Natural keys: Cycle by fiscal year; Sheet by (cycle, project, revision 1); Indicator by
(project, name); IndicatorValue by (indicator, fiscal year). Every row is created or
updated only where a value differs, after ``full_clean()``, in one transaction: a second
run creates nothing and changes nothing. A SheetChange row is written only when a sheet
is created.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange

from . import sheets_data
from .loader import _label, _Loader

SHEET_MODELS = [Cycle, Sheet, Indicator, IndicatorValue, SheetChange]

# What the one history row of a newly loaded sheet says.
CHANGE_FIELD = "デモデータ読込"


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class _SheetLoader(_Loader):
    VERIFIED = True  # the sheets' 検証対象 flag (False: その他の事業, see others_loader)

    def __init__(self, user=None, stdout=None):
        super().__init__(stdout)
        self.user = user

    def cycle(self) -> Cycle:
        spec = dict(sheets_data.CYCLE_FY2021)
        fiscal_year = spec.pop("fiscal_year")
        cycle = self.upsert(Cycle, {"fiscal_year": fiscal_year}, spec)
        self.say(f"年度サイクル: {cycle}")
        return cycle

    @staticmethod
    def project(name: str) -> Project:
        projects = list(Project.objects.filter(name=name)[:2])
        if len(projects) != 1:
            raise ValidationError(
                f"事務事業「{name}」が{'ありません' if not projects else '複数あります'}。"
                "先にデモデータ（load_demo）を読み込んでください。"
            )
        return projects[0]

    def sheet(self, cycle: Cycle, project: Project, spec: dict) -> Sheet:
        lookup = {"cycle": cycle, "project": project, "revision": 1}
        existing = Sheet.objects.filter(**lookup).first()
        state = spec["state"]
        values = {name: spec.get(name, "") for name in Sheet.TEXT_FIELDS}
        values.update(state=state, verified=self.VERIFIED, return_comment=spec.get("return_comment", ""))
        # A sheet the seed excerpt leaves out: the source lacks it (the report says so).
        values["source_missing"] = spec.get("source_missing", False)
        # Timestamps are those of the first load that put the sheet in that state.
        now = timezone.now()
        reached = {Sheet.State.SUBMITTED, Sheet.State.RETURNED, Sheet.State.CONFIRMED}
        if state in reached and (existing is None or existing.submitted_at is None):
            values["submitted_at"] = now
        if state == Sheet.State.CONFIRMED and (existing is None or existing.confirmed_at is None):
            values["confirmed_at"] = now
        if existing is None:
            values["updated_by"] = self.user
        sheet = self.upsert(Sheet, lookup, values)
        if existing is None:
            change = SheetChange(
                sheet=sheet, field=CHANGE_FIELD, before="",
                after=f"状態: {sheet.get_state_display()}", user=self.user,
            )
            # SheetChange.user is nullable but not blank=True: a load without a user is
            # allowed by the table, so only the user is left out of the check.
            change.full_clean(exclude=["user"] if self.user is None else None)
            change.save()
            self.created[_label(SheetChange)] += 1
        return sheet

    def indicators(self, project: Project, specs: list[dict]) -> int:
        """The project's indicators and their values; returns the number of values."""
        count = 0
        for order, spec in enumerate(specs, start=1):
            indicator = self.upsert(
                Indicator, {"project": project, "name": spec["name"]},
                {
                    "unit": spec["unit"],
                    "kind": spec["kind"],
                    "direction": spec["direction"],
                    "measure": spec["measure"],
                    "order": order,
                },
            )
            for fiscal_year, value in sorted(spec["values"].items()):
                self.upsert(
                    IndicatorValue, {"indicator": indicator, "fiscal_year": fiscal_year},
                    {
                        "target": _number(value["target"]),
                        "actual": _number(value["actual"]),
                        "actual_status": value["actual_status"],
                        "breakdown": value["breakdown"],
                        "comment": value["comment"],
                        "target_breakdown": value.get("target_breakdown", []),
                    },
                )
                count += 1
        return count

    def sheets(self, cycle: Cycle) -> None:
        indicators = values = 0
        for spec in sheets_data.SHEETS_FY2021:
            project = self.project(spec["project"])
            self.sheet(cycle, project, spec)
            values += self.indicators(project, spec["indicators"])
            indicators += len(spec["indicators"])
        self.say(
            f"事業シート: {len(sheets_data.SHEETS_FY2021)}件"
            f"（指標 {indicators}件、指標の値 {values}件）"
        )


def load_demo_sheets(user=None, stdout=None) -> dict[str, int]:
    """Load the FY2021 cycle, sheets and indicators. Returns created rows per model label."""
    loader = _SheetLoader(user, stdout)
    with transaction.atomic():
        cycle = loader.cycle()
        loader.sheets(cycle)
    return loader.counts(SHEET_MODELS)
