"""The program turn (実行プログラムの改定): drafting program N+1 from program N in stages
(基本的考え方 → 素案 → 案 → 策定), mapping program N's projects into the new hierarchy, and
adopting it. Every write of a draft program goes through this module: permission, version,
validation, one transaction, audit trail.

On adoption the mapping becomes placements in the new program, lineage events (新規, 名称変更,
統合, 廃止) effective at its first fiscal year, end years of the projects that stop, and
indicators carried forward to a renamed project or a merge's successor (their targets for
the new years are entered on the sheets, through the sheet editor).
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import lock_current, save_versioned
from shisaku.core.validation import reject_control_characters
from shisaku.lib.era import format_fy
from shisaku.plan.models import Level, Node, Plan, Program, ProjectMapping
from shisaku.projects import lineage
from shisaku.projects import services as project_services
from shisaku.projects.models import LineageEvent, Placement, Project
from shisaku.sheets.models import Indicator, IndicatorValue, Sheet

from . import schedule, stage_rules

Stage = Program.Stage
Kind = ProjectMapping.Kind
STAGES: list[str] = [s.value for s in Stage]
NEEDS_NODE = {Kind.CONTINUING, Kind.RENAMED, Kind.NEW}
NEEDS_NAME = {Kind.RENAMED, Kind.NEW}
ENDS = {Kind.MERGED, Kind.ABOLISHED}
SUGGESTION_CUTOFF = 0.3


# --- stages --------------------------------------------------------------------------------


def next_stage(program: Program) -> str | None:
    i = STAGES.index(program.stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def previous_stage(program: Program) -> str | None:
    """One step back is allowed before adoption only."""
    i = STAGES.index(program.stage)
    return STAGES[i - 1] if 0 < i and program.is_draft else None


def _locked(program: Program, expected_version) -> Program:
    return lock_current(Program.objects.select_related("plan"), program.pk, expected_version)


def _require_draft(program: Program) -> None:
    if not program.is_draft:
        raise ValidationError(_("%(name)sは策定済みです。変更できません。") % {"name": program.name})


@audited
@transaction.atomic
def move_stage(program: Program, user, *, to: str, expected_version: int | None) -> Program:
    """Forward one stage, or back one stage before adoption. To 策定 applies the mapping."""
    access.require(access.can_manage_plan(user))
    current = _locked(program, expected_version)
    _require_draft(current)
    if to not in (next_stage(current), previous_stage(current)):
        raise ValidationError(
            _("%(name)sは「%(stage)s」の段階です。次の段階か一つ前の段階にだけ移せます。")
            % {"name": current.name, "stage": current.get_stage_display()})
    stage_rules.require_allowed(current, to)  # e.g. a public comment still open
    if to == Stage.ADOPTED:
        _adopt(current, user)
        current.adopted_on = timezone.localdate()
    current.stage = to
    save_versioned(current, ["stage", "adopted_on"], user=user)
    return current


# --- program N+1 ---------------------------------------------------------------------------


def parse_levels(text: str) -> list[tuple[str, bool]]:
    """One level per line, top first; a line starting with + is a side level (ポイント)."""
    levels = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        side = line.startswith(("+", "＋"))
        levels.append((line.lstrip("+＋").strip(), not side))
    return levels


def levels_text(program: Program) -> str:
    return "\n".join(("" if lv.in_tree else "+") + lv.name for lv in program.levels.all())


def _check_levels(levels: list[tuple[str, bool]]) -> None:
    names = [name for name, _in_tree in levels]
    if not any(in_tree for _name, in_tree in levels):
        raise ValidationError({"levels": _("体系の階層を1つ以上入力してください。")})
    for name in names:
        reject_control_characters(name)
        if not name or len(name) > 50:
            raise ValidationError({"levels": _("階層名は1文字以上50文字以内で入力してください。")})
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValidationError({"levels": _("階層名「%(name)s」が重複しています。")
                               % {"name": "、".join(duplicated)}})


@audited
@transaction.atomic
def start_next_program(previous: Program, user, *, levels: list[tuple[str, bool]] | None = None,
                       last_fy: int | None = None,
                       comprehensive_plan_period: str = "") -> Program:
    """Program N+1 in stage 基本的考え方, with its own level schema (a copy of program N's
    when `levels` is None) and the usual schedule. An empty placeholder N+1 that has not
    begun (periods entered ahead, no levels, no items) is taken as the draft."""
    access.require(access.can_manage_plan(user))
    if previous.is_draft:
        raise ValidationError(_("%(name)sがまだ策定されていないため、次期を起こせません。")
                              % {"name": previous.name})
    if levels is None:
        levels = [(lv.name, lv.in_tree) for lv in previous.levels.all()]
    _check_levels(levels)
    first_fy = previous.last_fy + 1
    last_fy = last_fy or first_fy + (previous.last_fy - previous.first_fy)
    if last_fy < first_fy:
        raise ValidationError({"last_fy": _("終了年度は%(fy)s以降にしてください。")
                               % {"fy": format_fy(first_fy)}})
    plan = Plan.objects.filter(first_fy__lte=first_fy, last_fy__gte=last_fy).first()
    if plan is None:
        raise ValidationError(_("%(first)s～%(last)sを含む計画がありません。先に計画を登録してください。")
                              % {"first": format_fy(first_fy), "last": format_fy(last_fy)})
    ordinal = previous.ordinal + 1
    program = Program.objects.select_for_update().filter(ordinal=ordinal).first()
    if program is not None:
        if program.levels.exists() or program.nodes.exists() or program.mappings.exists():
            raise ValidationError(_("第%(n)s期実行プログラムは既にあります。") % {"n": ordinal})
        changed = ["plan", "first_fy", "last_fy", "stage", "adopted_on"]
    else:
        program, changed = Program(ordinal=ordinal), []
    program.plan, program.first_fy, program.last_fy = plan, first_fy, last_fy
    program.stage, program.adopted_on = Stage.BASIC_APPROACH, None
    if comprehensive_plan_period or not program.comprehensive_plan_period:
        program.comprehensive_plan_period = comprehensive_plan_period
        changed.append("comprehensive_plan_period")
    program.full_clean()
    save_versioned(program, changed, user=user)
    for order, (name, in_tree) in enumerate(levels, start=1):
        level = Level(program=program, order=order, name=name, in_tree=in_tree)
        level.full_clean()
        level.save()
    schedule.add_default_milestones(program)
    return program


# --- mapping -------------------------------------------------------------------------------


def projects_to_map(previous: Program) -> list[Project]:
    """Program N's projects: those placed in its hierarchy and those running in its last year."""
    placed = Q(placements__node__program=previous)
    running = Q(first_fy__isnull=True) | Q(first_fy__lte=previous.last_fy)
    running &= Q(last_fy__isnull=True) | Q(last_fy__gte=previous.last_fy)
    return list(Project.objects.filter(placed | running).distinct()
                .select_related("section").order_by("group", "position", "name"))


def leaf_nodes(program: Program) -> list[Node]:
    leaf = [lv for lv in program.tree_levels()][-1:] if program.levels.exists() else []
    return list(Node.objects.filter(program=program, level__in=leaf)
                .select_related("level").order_by("code"))


def previous_titles(previous: Program) -> dict[int, list[str]]:
    """Project id → titles of the nodes it sat under in program N."""
    titles: dict[int, list[str]] = defaultdict(list)
    for project_id, title in Placement.objects.filter(node__program=previous).values_list(
            "project_id", "node__title"):
        titles[project_id].append(title)
    return titles


def suggest(project: Project, nodes: list[Node], titles: list[str] = ()) -> Node | None:
    """The node whose title is most like the project's name or its former node's title."""
    best, best_score = None, SUGGESTION_CUTOFF
    for node in nodes:
        score = max(difflib.SequenceMatcher(None, text, node.title).ratio()
                    for text in (project.name, *titles))
        if score > best_score:
            best, best_score = node, score
    return best


@dataclass
class MappingInput:
    kind: str
    project: Project | None = None
    node: Node | None = None
    new_name: str = ""
    merge_into: Project | None = None


def _later_values(project: Project, after_fy: int) -> bool:
    values = IndicatorValue.objects.filter(indicator__project=project, fiscal_year__gt=after_fy)
    return (values.filter(Q(target__isnull=False) | Q(actual__isnull=False)).exists()
            or Sheet.objects.filter(project=project, cycle__fiscal_year__gt=after_fy).exists())


def validate_mappings(program: Program, rows: list[MappingInput]) -> list[str]:
    """Every problem of the table, in Japanese; an empty list when it can be saved."""
    return _MappingCheck(program, rows).run()


class _MappingCheck:
    """The checks of one mapping table, row by row, each concern in its own method."""

    def __init__(self, program: Program, rows: list[MappingInput]):
        self.program, self.rows = program, rows
        self.errors: list[str] = []
        self.previous = program.previous()
        self.allowed = ({p.pk for p in projects_to_map(self.previous)} if self.previous
                        else set())
        self.leaves = {n.pk for n in leaf_nodes(program)}
        self.seen: Counter = Counter(row.project.pk for row in rows if row.project is not None)
        self.names = Counter(row.new_name for row in rows
                             if row.kind in NEEDS_NAME and row.new_name)
        self.survivors = {row.project.pk for row in rows if row.project is not None
                          and row.kind in (Kind.CONTINUING, Kind.RENAMED)}

    def run(self) -> list[str]:
        for row in self.rows:
            label = row.project.name if row.project else (row.new_name or _("（新規事業）"))
            if not self._kind(row, label):
                continue
            if row.project is not None:
                self._project(row, label)
            if row.kind in NEEDS_NODE:
                self._node(row, label)
            if row.kind in NEEDS_NAME:
                self._name(row, label)
            if row.kind == Kind.MERGED:
                self._merge(row, label)
            if row.kind in ENDS and self.previous and _later_values(row.project,
                                                                     self.previous.last_fy):
                self.errors.append(
                    _("「%(name)s」には%(fy)s以降の値が入力されているため、%(kind)sにできません。")
                    % {"name": label, "fy": format_fy(self.previous.last_fy + 1),
                       "kind": Kind(row.kind).label})
        return self.errors

    def _kind(self, row: MappingInput, label: str) -> bool:
        """False when the row's other checks make no sense (no kind, or no project)."""
        if row.kind not in Kind.values:
            self.errors.append(_("「%(name)s」: 移行の種別を選んでください。") % {"name": label})
            return False
        if row.kind == Kind.NEW and row.project is not None:
            self.errors.append(_("「%(name)s」: 前期の事業は新規にできません。") % {"name": label})
        if row.kind != Kind.NEW and row.project is None:
            self.errors.append(_("前期の事業を選ばない行は新規にしてください。"))
            return False
        return True

    def _project(self, row: MappingInput, label: str) -> None:
        if self.seen[row.project.pk] > 1:
            self.errors.append(_("「%(name)s」が2回以上移行されています。") % {"name": label})
            self.seen[row.project.pk] = 0  # say it once
        if row.project.pk not in self.allowed:
            self.errors.append(_("「%(name)s」は%(prev)sの事業ではありません。")
                               % {"name": label,
                                  "prev": self.previous.name if self.previous else ""})

    def _node(self, row: MappingInput, label: str) -> None:
        if row.node is None:
            self.errors.append(_("「%(name)s」: 新たな体系項目を選んでください。") % {"name": label})
        elif row.node.program_id != self.program.pk:
            self.errors.append(_("「%(name)s」: 「%(node)s」は%(program)sの体系項目ではありません。")
                               % {"name": label, "node": row.node,
                                  "program": self.program.name})
        elif row.node.pk not in self.leaves:
            self.errors.append(_("「%(name)s」: 事務事業は体系の最下層の項目に位置付けてください。")
                               % {"name": label})

    def _name(self, row: MappingInput, label: str) -> None:
        try:
            reject_control_characters(row.new_name)
        except ValidationError as exc:
            self.errors.extend(exc.messages)
        if not row.new_name:
            self.errors.append(_("「%(name)s」: 新しい事業名を入力してください。") % {"name": label})
        elif self.names[row.new_name] > 1 or Project.objects.filter(name=row.new_name).exists():
            self.errors.append(_("事業名「%(new)s」は既に使われています。") % {"new": row.new_name})
            self.names[row.new_name] = 1

    def _merge(self, row: MappingInput, label: str) -> None:
        if row.merge_into is None or row.merge_into.pk == row.project.pk:
            self.errors.append(_("「%(name)s」: 統合先の事業を選んでください。") % {"name": label})
        elif row.merge_into.pk not in self.survivors:
            self.errors.append(_("「%(name)s」: 統合先「%(into)s」は継続または名称変更する事業に"
                                 "してください。") % {"name": label, "into": row.merge_into.name})


@audited
@transaction.atomic
def save_mappings(program: Program, user, rows: list[MappingInput], *,
                  expected_version: int | None) -> Program:
    """Replace the draft program's mapping table as a whole; nothing written on an error."""
    access.require(access.can_manage_plan(user))
    current = _locked(program, expected_version)
    _require_draft(current)
    errors = validate_mappings(current, rows)
    if errors:
        raise ValidationError(errors)
    current.mappings.all().delete()
    for order, row in enumerate(rows, start=1):
        mapping = ProjectMapping(
            program=current, project=row.project, kind=row.kind, order=order,
            node=row.node if row.kind in NEEDS_NODE else None,
            new_name=row.new_name if row.kind in NEEDS_NAME else "",
            merge_into=row.merge_into if row.kind == Kind.MERGED else None)
        mapping.full_clean()
        mapping.save()
    save_versioned(current, [], user=user, force=True)
    return current


# --- adoption ------------------------------------------------------------------------------


def _rows(program: Program) -> list[MappingInput]:
    return [MappingInput(kind=m.kind, project=m.project, node=m.node, new_name=m.new_name,
                         merge_into=m.merge_into)
            for m in program.mappings.select_related("project", "node", "merge_into")]


def _place(project: Project, node: Node) -> None:
    placement = Placement(project=project, node=node)
    placement.full_clean()
    placement.save()


def _carry_indicators(source: Project, target: Project) -> None:
    """The source's indicators continue on the target (linked by `previous`)."""
    for indicator in source.indicators.filter(retired_fy__isnull=True):
        carried = Indicator(project=target, name=indicator.name, unit=indicator.unit,
                            kind=indicator.kind, direction=indicator.direction,
                            measure=indicator.measure, order=indicator.order, previous=indicator)
        carried.full_clean()
        carried.save()


def _end(project: Project, user, last_fy: int) -> None:
    if project.last_fy is None or project.last_fy > last_fy:
        project_services.save_project(project, user, expected_version=project.version,
                                      last_fy=last_fy)


def _successor(old: Project, name: str, user, first_fy: int) -> Project:
    return project_services.save_project(
        None, user, name=name, group=old.group, section=old.section,
        articles=list(old.articles.all()), first_fy=first_fy, description=old.description)


def _adopt(program: Program, user) -> None:
    previous = program.previous()
    if previous is None:
        raise ValidationError(_("前期の実行プログラムがありません。"))
    rows = _rows(program)
    mapped = {row.project.pk for row in rows if row.project is not None}
    missing = [p.name for p in projects_to_map(previous) if p.pk not in mapped]
    if missing:
        raise ValidationError(_("移行が決まっていない事業があります: %(names)s")
                              % {"names": "、".join(missing)})
    errors = validate_mappings(program, rows)
    if errors:
        raise ValidationError(errors)
    fy, end = program.first_fy, program.first_fy - 1
    became: dict[int, Project] = {}
    for row in rows:
        if row.kind == Kind.CONTINUING:
            _place(row.project, row.node)
            became[row.project.pk] = row.project
        elif row.kind == Kind.RENAMED:
            new = _successor(row.project, row.new_name, user, fy)
            _end(row.project, user, end)
            _carry_indicators(row.project, new)
            _place(new, row.node)
            lineage.record_event(LineageEvent.Kind.RENAMED, fy, [row.project], [new])
            became[row.project.pk] = new
        elif row.kind == Kind.NEW:
            new = project_services.save_project(None, user, name=row.new_name, first_fy=fy)
            _place(new, row.node)
            lineage.record_event(LineageEvent.Kind.NEW, fy, [], [new])
    merges: dict[int, list[Project]] = defaultdict(list)
    for row in rows:
        if row.kind == Kind.MERGED:
            merges[row.merge_into.pk].append(row.project)
        elif row.kind == Kind.ABOLISHED:
            _end(row.project, user, end)
            lineage.record_event(LineageEvent.Kind.ABOLISHED, fy, [row.project], [])
    for target_pk, merged in merges.items():
        successor = became[target_pk]
        for project in merged:
            _end(project, user, end)
            _carry_indicators(project, successor)
        predecessors = merged if successor.pk == target_pk else [
            *merged, Project.objects.get(pk=target_pk)]
        lineage.record_event(LineageEvent.Kind.MERGED, fy, predecessors, [successor])


# --- comparison ----------------------------------------------------------------------------


@dataclass
class Row:
    node: Node
    depth: int
    projects: int


@dataclass
class Comparison:
    old: list[Row]
    new: list[Row]
    kinds: dict[str, int] = field(default_factory=dict)


def _rows_of(program: Program, counts: Counter) -> list[Row]:
    nodes = list(Node.objects.filter(program=program).select_related("level")
                 .order_by("level__order", "order", "code"))
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    rows: list[Row] = []

    def walk(parent_id, depth) -> int:
        total = 0
        for node in children.get(parent_id, ()):
            row = Row(node, depth, 0)
            rows.append(row)
            row.projects = counts[node.pk] + walk(node.pk, depth + 1)
            total += row.projects
        return total

    walk(None, 0)
    return rows


def compare(program: Program) -> Comparison:
    """Program N's and N+1's hierarchies side by side, projects per node (a parent counts its
    children's), and how many projects continue, are renamed, merged, abolished or new."""
    previous = program.previous()
    old_counts = Counter(Placement.objects.filter(node__program=previous)
                         .values_list("node_id", flat=True)) if previous else Counter()
    if program.is_draft:
        new_counts = Counter(program.mappings.filter(node__isnull=False)
                             .values_list("node_id", flat=True))
    else:
        new_counts = Counter(Placement.objects.filter(node__program=program)
                             .values_list("node_id", flat=True))
    kinds = Counter(program.mappings.values_list("kind", flat=True))
    return Comparison(old=_rows_of(previous, old_counts) if previous else [],
                      new=_rows_of(program, new_counts),
                      kinds={kind.label: kinds[kind.value] for kind in Kind})
