"""A deterministic synthetic municipality for load tests: N × the Kawasaki demo.

    counts = generate(scale=10, seed=1)   # 12 fiscal years × 350 projects × 5 indicators

Never mixed into the demo or real data: ``generate`` refuses a database that already holds
a city, a plan, a project, a cycle or a statistics dataset (run it on an empty, migrated
database). The same scale and seed always write the same rows (one ``random.Random(seed)``
drives every choice; no clock value decides anything but timestamps).

How the data says it is synthetic (every record, not only its name):

* the city itself is 「合成市（架空）」 (CitySettings.city_name), so every page and document
  of this database names a fictional city;
* every fiscal year's record is ``Cycle.recorded_from`` = the provenance line
  (``合成データ（generate-data scale=… seed=…）``), the field that says where a year's record
  comes from; every statistics dataset carries it in ``Dataset.source``;
* every project, sheet text, indicator, opinion and response starts with 【合成】;
* every row is written with its audit entry (auditlog) whose ``additional_data`` holds
  ``command: generate-data`` and ``synthetic: scale=… seed=…``: the audit trail is the
  provenance of each row, whatever its table.

The ordinance and the plan structure are the demo's own (its builders in ``loader.py``);
bureaus, sections, users, projects, sheets and figures are generated. Rows are written in
bulk with the audit entries the signals would have written (``audit.records.log_bulk``);
past years are published through ``sheets.cycle.record_past_publication`` and opinions go
through ``verification.printed.record_printed_opinions_many``, the services the report
importer uses for the same bulk writes.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shisaku.accounts.models import User
from shisaku.audit.context import acting
from shisaku.audit.records import log_bulk, log_bulk_m2m
from shisaku.city.models import Bureau, CitySettings, Section
from shisaku.lib.era import format_fy
from shisaku.plan.models import Plan
from shisaku.projects.models import LineageEvent, Placement, Project
from shisaku.sheets.cycle import record_past_publication
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.stats.models import BankruptcyCount, Dataset, Period
from shisaku.verification import printed as printed_opinions

from . import data
from .loader import _Loader

MARK = "【合成】"
LAST_FY = 2025
PASSWORD = data.DEMO_PASSWORD
# (username, role): the users a load test signs in as; section editors get the first section.
USERS = [
    ("synth-kikaku", "planning_admin"),
    ("synth-shokan", "section_editor"),
    ("synth-iin", "council_member"),
    ("synth-etsuran", "viewer"),
]
INDICATOR_UNITS = ["件", "人", "社", "回", "%"]


@dataclass(frozen=True)
class Size:
    """How much one scale writes: scale 1 is about the demo (one year, 35 projects)."""

    years: int
    projects: int
    indicators: int
    sections: int

    @classmethod
    def of(cls, scale: float) -> Size:
        if scale <= 0:
            raise ValidationError("規模（--scale）は正の数にしてください。")
        return cls(years=min(12, max(3, round(1.2 * scale))),
                   projects=max(4, round(35 * scale)), indicators=5,
                   sections=max(2, math.ceil(4 * scale)))


def provenance(scale: float, seed: int) -> str:
    return f"合成データ（generate-data scale={scale:g} seed={seed}）"


def refuse_unless_empty() -> None:
    """Synthetic data is never mixed into the demo or a city's real data."""
    held = [model._meta.verbose_name for model in (CitySettings, Plan, Project, Cycle, Dataset)
            if model.objects.exists()]
    if held:
        raise ValidationError(
            f"このデータベースには既にデータがあります（{'、'.join(map(str, held))}）。"
            "合成データはデモや実データと混ぜないため、空のデータベース（migrate 直後）で実行してください。")


def generate(scale: float, seed: int, stdout=None) -> dict[str, int]:
    """Write the synthetic municipality in one transaction; rows created per model label."""
    size = Size.of(scale)
    refuse_unless_empty()
    source = provenance(scale, seed)
    with acting(None, via="command", command="generate-data", synthetic=f"scale={scale:g} seed={seed}"):
        with transaction.atomic():
            return _Generator(size, random.Random(seed), source, stdout).run()


class _Generator(_Loader):
    def __init__(self, size: Size, rng: random.Random, source: str, stdout):
        super().__init__(stdout)
        self.size = size
        self.rng = rng
        self.source = source
        self.first_fy = LAST_FY - size.years + 1
        self.fiscal_years = list(range(self.first_fy, LAST_FY + 1))

    def bulk(self, model, rows: list) -> list:
        model.objects.bulk_create(rows, batch_size=2000)
        log_bulk(rows, LogEntry.Action.CREATE)
        self.created[model._meta.label] += len(rows)
        return rows

    @staticmethod
    def checked(row, exclude=()):
        row.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        return row

    # ------------------------------------------------------------------ steps

    def run(self) -> dict[str, int]:
        self.city()
        sections = self.organisation()
        articles = self.ordinance()
        action_items = [node for node, _names in self.plans().values()]
        self.users(sections)
        projects = self.projects(sections, articles, action_items)
        cycles = self.cycles()
        sheets = self.sheets(cycles, projects)
        self.indicators(projects)
        self.opinions(cycles, sheets)
        self.publish(cycles)
        self.statistics()
        self.say(f"合成データ: {self.source}")
        return dict(self.created)

    def city(self) -> None:
        settings = self.checked(CitySettings(
            city_name="合成市（架空）", bureau_name="合成経済局", planning_division="産業政策部企画課",
            address="", phone="", fax="", email=""))
        settings.save()
        self.created[CitySettings._meta.label] += 1

    def organisation(self) -> list[Section]:
        bureaus = self.bulk(Bureau, [self.checked(Bureau(name=f"{MARK}第{i}局", order=i))
                                     for i in (1, 2)])
        sections = [
            self.checked(Section(bureau=bureaus[i % 2], department="合成部",
                                 name=f"{MARK}第{i + 1}課", order=i + 1), exclude=["bureau"])
            for i in range(self.size.sections)
        ]
        return self.bulk(Section, sections)

    def users(self, sections: list[Section]) -> None:
        for username, role in USERS:
            user = User(username=username, role=role, last_name="合成", first_name=role)
            user.set_password(PASSWORD)
            user.full_clean()
            user.save()
            if role == "section_editor":
                user.sections.set(sections[:1])
            self.created[User._meta.label] += 1

    def projects(self, sections, articles, action_items) -> list[Project]:
        """Projects over every year; every tenth is renamed in a year, its successor runs on."""
        rng, size = self.rng, self.size
        numbered = sorted(articles.items())
        chosen = [numbered[i % len(numbered)][1] for i in range(size.projects)]
        projects, successors, events = [], [], []
        for i in range(size.projects):
            group = f"{MARK}関連事業{i // 7 + 1}" if i % 3 == 0 else ""
            project = Project(
                name=f"{MARK}事業{i + 1:05d}", group=group, position=(i % 7) + 1 if group else None,
                section=sections[i % len(sections)], first_fy=self.first_fy, last_fy=None,
                description=f"{MARK}事業{i + 1:05d}の概要（合成データ）。")
            projects.append(project)
            if i % 10 == 0 and size.years >= 3:
                change = self.first_fy + 1 + rng.randrange(size.years - 1)
                project.last_fy = change - 1
                successors.append((project, Project(
                    name=f"{MARK}事業{i + 1:05d}（新）", group="", position=None,
                    section=project.section, first_fy=change, last_fy=None,
                    description=f"{MARK}事業{i + 1:05d}を名称変更した事業。"), change))
        for project in projects + [s for _p, s, _c in successors]:
            self.checked(project, exclude=["section"])
        self.bulk(Project, projects + [s for _p, s, _c in successors])
        every = projects + [s for _p, s, _c in successors]
        article_of = {p.pk: chosen[i % len(chosen)] for i, p in enumerate(every)}
        through = Project.articles.through
        through.objects.bulk_create([through(project_id=p.pk, article_id=article_of[p.pk].pk)
                                     for p in every])
        log_bulk_m2m(every, "articles", [[article_of[p.pk]] for p in every])
        placements = [Placement(project=p, node=action_items[i % len(action_items)], order=i + 1)
                      for i, p in enumerate(projects)]
        placements += [Placement(project=s, node=action_items[projects.index(p) % len(action_items)],
                                 order=projects.index(p) + 1) for p, s, _c in successors]
        self.bulk(Placement, placements)
        for predecessor, successor, change in successors:
            event = self.checked(LineageEvent(kind=LineageEvent.Kind.RENAMED, effective_fy=change,
                                              note=f"{MARK}名称変更（合成データ）"))
            events.append((event, predecessor, successor))
        self.bulk(LineageEvent, [e for e, _p, _s in events])
        LineageEvent.predecessors.through.objects.bulk_create([
            LineageEvent.predecessors.through(lineageevent_id=e.pk, project_id=p.pk)
            for e, p, _s in events])
        LineageEvent.successors.through.objects.bulk_create([
            LineageEvent.successors.through(lineageevent_id=e.pk, project_id=s.pk)
            for e, _p, s in events])
        self.say(f"事務事業: {len(every)}件（名称変更 {len(events)}件）")
        return every

    def cycles(self) -> dict[int, Cycle]:
        """Past years 公表済 (published last), the year before last 検証中, the last 入力中."""
        cycles = {}
        for fy in self.fiscal_years:
            if fy == LAST_FY and self.size.years > 1:
                status = Cycle.Status.ENTERING
            elif fy >= LAST_FY - 1:
                status = Cycle.Status.VERIFYING
            else:
                status = Cycle.Status.SETTLED
            cycles[fy] = self.checked(Cycle(fiscal_year=fy, status=status,
                                            recorded_from=self.source))
        self.bulk(Cycle, list(cycles.values()))
        return cycles

    def sheets(self, cycles: dict[int, Cycle], projects: list[Project]) -> list[Sheet]:
        rng, now = self.rng, timezone.now()
        sheets, changes = [], []
        entering = [Sheet.State.DRAFT, Sheet.State.SUBMITTED, Sheet.State.RETURNED,
                    Sheet.State.CONFIRMED]
        for fy, cycle in cycles.items():
            for index, project in enumerate(projects):
                if not project.is_active_in(fy):
                    continue
                verified = (index + fy) % 3 == 0
                state = (rng.choice(entering) if cycle.status == Cycle.Status.ENTERING
                         else Sheet.State.CONFIRMED)
                sheet = Sheet(cycle=cycle, project=project, revision=1, state=state,
                              verified=verified, version=2)
                label = f"{MARK}{project.name}（{format_fy(fy)}）"
                if verified:
                    for name in Sheet.REQUIRED_FIELDS + ["indicator_notes"]:
                        setattr(sheet, name, f"{label}の{Sheet._meta.get_field(name).verbose_name}。")
                else:
                    sheet.summary_results = f"{label}の実績の概要。"
                    sheet.summary_next = f"{label}の次年度の概要。"
                if state == Sheet.State.RETURNED:
                    sheet.return_comment = f"{MARK}記載の補足をお願いします。"
                if state != Sheet.State.DRAFT:
                    sheet.submitted_at = now
                if state == Sheet.State.CONFIRMED:
                    sheet.confirmed_at = now
                sheets.append(self.checked(sheet, exclude=["cycle", "project", "updated_by"]))
        self.bulk(Sheet, sheets)
        for sheet in sheets:
            changes.append(SheetChange(sheet=sheet, field="合成データ生成", before="",
                                       after=f"状態: {sheet.get_state_display()}"))
        SheetChange.objects.bulk_create(changes, batch_size=2000)
        self.created[SheetChange._meta.label] += len(changes)
        self.say(f"事業シート: {len(sheets)}件（{len(cycles)}か年度）")
        return sheets

    def indicators(self, projects: list[Project]) -> None:
        rng = self.rng
        indicators = []
        for project in projects:
            for order in range(1, self.size.indicators + 1):
                unit = INDICATOR_UNITS[(order - 1) % len(INDICATOR_UNITS)]
                indicators.append(self.checked(Indicator(
                    project=project, name=f"{MARK}指標{order}", unit=unit,
                    kind=Indicator.Kind.OUTCOME if order == 1 else Indicator.Kind.ACTIVITY,
                    measure=(Indicator.Measure.PERCENTAGE if unit == "%"
                             else Indicator.Measure.NUMBER), order=order), exclude=["project"]))
        self.bulk(Indicator, indicators)
        values = []
        by_pk = {p.pk: p for p in projects}
        for indicator in indicators:
            project = by_pk[indicator.project_id]
            base = rng.randrange(10, 1000)
            for fy in self.fiscal_years:
                if not project.is_active_in(fy):
                    continue
                target = Decimal(base + 5 * (fy - self.first_fy))
                actual = (None if fy == LAST_FY and rng.random() < 0.5
                          else Decimal(round(float(target) * rng.uniform(0.6, 1.3))))
                values.append(IndicatorValue(indicator=indicator, fiscal_year=fy, target=target,
                                             actual=actual, version=2))
        self.bulk(IndicatorValue, values)
        self.say(f"指標: {len(indicators)}件（値 {len(values)}件）")

    def opinions(self, cycles: dict[int, Cycle], sheets: list[Sheet]) -> None:
        """Every other verified sheet of a year past entry gets one opinion and its response."""
        count = 0
        for fy, cycle in cycles.items():
            if cycle.status == Cycle.Status.ENTERING:
                continue
            verified = [s for s in sheets if s.cycle_id == cycle.pk and s.verified]
            items = []
            for n, sheet in enumerate(verified[::2]):
                answer = ("" if cycle.status == Cycle.Status.VERIFYING and n % 2
                          else f"{MARK}{sheet.project.name}の対応（{format_fy(fy)}）。")
                items.append(({"scope": "sheet", "sheet": sheet},
                              [(1, f"{MARK}{sheet.project.name}への検証意見（{format_fy(fy)}）。", answer)],
                              sheet.project.section))
            counts = printed_opinions.record_printed_opinions_many(cycle, None, items=items)
            count += counts.created["opinion"]
            for kind, label in (("opinion", "verification.Opinion"),
                                ("response", "verification.Response")):
                self.created[label] += counts.created[kind]
        self.say(f"検証意見: {count}件")

    def publish(self, cycles: dict[int, Cycle]) -> None:
        for cycle in cycles.values():
            if cycle.status == Cycle.Status.SETTLED:
                record_past_publication(cycle, None, published_on=None, source=self.source)

    def statistics(self) -> None:
        dataset = self.checked(Dataset(
            slug="synthetic-bankruptcy", title=f"{MARK}倒産件数", kind=Dataset.Kind.BANKRUPTCY,
            unit="件", source=self.source))
        self.bulk(Dataset, [dataset])
        periods = self.bulk(Period, [
            self.checked(Period(dataset=dataset, key=str(fy), label=format_fy(fy, "western"), order=fy),
                         exclude=["dataset"]) for fy in self.fiscal_years])
        self.bulk(BankruptcyCount, [BankruptcyCount(period=p, count=self.rng.randrange(20, 80))
                                    for p in periods])
