"""Projects found by name (exact, folded, without a trailing parenthesis), moved along
their lineage to the one of the fiscal year, or created; the FY+1 lineage notes."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from shisaku.audit.records import log_bulk, log_bulk_m2m
from shisaku.lib.era import format_fy
from shisaku.projects.models import LineageEvent, Project

from .. import reader as rp
from .common import (
    _fold,
    _strip_paren,
)


class _Projects:
    """Methods of the importer's writer (report_import._Writer)."""

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
