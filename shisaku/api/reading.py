"""What the read API returns, as querysets and plain dicts shaped like its schemas.

Everything public comes from `shisaku.published.records` (the published record: frozen sheet
snapshots, opinions of published years, begun programs, released statistics). A staff token
adds the caller's own unpublished sheets (planning division: every sheet; a section editor:
their sections' projects), read from the live rows with the same shape as a snapshot and
checked once more with `access.can_read_sheet`. Neither ever carries a return comment, a staff
name or the change history.

This module holds the caller, the plan, the projects, the documents and the record's
freshness; the sheets and indicators, the opinions and the statistics are read in
`reading_sheets`, `reading_opinions` and `reading_stats`.
"""

import datetime
from collections import defaultdict

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from shisaku.accounts import access
from shisaku.plan.models import Node, Plan, Program
from shisaku.projects.models import LineageEvent, Project
from shisaku.published import records
from shisaku.published.cache import remember
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Sheet
from shisaku.stats.models import Dataset, Period

# ------------------------------------------------------------------------------ the caller


def is_token_holder(user) -> bool:
    """A caller authenticated by a staff token (anonymous callers read the record only)."""
    return user is not None and user.is_authenticated


def own_unpublished_sheets(user) -> QuerySet[Sheet]:
    """The caller's own sheets that the public does not see: none for anonymous callers."""
    public = records.sheets().values("pk")
    queryset = (Sheet.objects.current().exclude(pk__in=public)
                .select_related("cycle", "project", "project__section"))
    if not is_token_holder(user):
        return queryset.none()
    if access.can_manage_plan(user):
        return queryset
    if access.has_role(user, access.Role.SECTION_EDITOR):
        return queryset.filter(project__section__in=user.sections.all())
    return queryset.none()


# ------------------------------------------------------------------------------ the plan


def plans() -> QuerySet[Plan]:
    begun = records.programs()
    return (Plan.objects.filter(pk__in=begun.values("plan_id"))
            .prefetch_related("vision_states", Prefetch("programs", queryset=begun,
                                                        to_attr="begun_programs"))
            .order_by("first_fy", "pk"))


def programs() -> QuerySet[Program]:
    return records.programs().prefetch_related("levels")


def program(pk: int) -> Program | None:
    return records.programs().filter(pk=pk).first()


def nodes(program: Program) -> QuerySet[Node]:
    return (Node.objects.filter(program=program).select_related("level")
            .prefetch_related("informs", "placements")
            .order_by("level__order", "order", "code", "pk"))


def node_row(node: Node) -> dict:
    return {
        "id": node.pk, "program_id": node.program_id, "parent_id": node.parent_id,
        "level": node.level.name, "level_order": node.level.order,
        "in_tree": node.level.in_tree, "code": node.code, "title": node.title,
        "order": node.order, "description": node.description,
        "other_bureau": node.other_bureau,
        "informs": sorted(target.pk for target in node.informs.all()),
        "project_ids": [p.project_id for p in sorted(node.placements.all(),
                                                        key=lambda p: (p.order, p.project_id))],
    }


# ------------------------------------------------------------------------------ projects


def _node_and_descendants(node_id: int) -> list[int]:
    node = Node.objects.filter(pk=node_id, program__in=records.programs()).first()
    if node is None:
        return []
    children = defaultdict(list)
    for pk, parent in Node.objects.filter(program_id=node.program_id).values_list("pk",
                                                                               "parent_id"):
        children[parent].append(pk)
    found, todo = [], [node.pk]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children[current])
    return found


def projects(*, fiscal_year=None, article=None, node=None, section=None) -> QuerySet[Project]:
    """Projects of the published plan (placed in a begun program) or with a public sheet."""
    public_sheets = records.sheets()
    placed = Q(placements__node__program__in=records.programs())
    pks = Project.objects.filter(placed | Q(sheets__in=public_sheets)).values("pk")
    queryset = Project.objects.filter(pk__in=pks)
    if fiscal_year is not None:
        queryset = queryset.filter(pk__in=records.sheets(fiscal_year).values("project_id"))
    if article is not None:
        queryset = queryset.filter(articles__number=article)
    if node is not None:
        queryset = queryset.filter(placements__node__in=_node_and_descendants(node))
    if section is not None:
        queryset = queryset.filter(section_id=section)
    lineage = LineageEvent.objects.prefetch_related("predecessors", "successors")
    return (Project.objects.filter(pk__in=queryset.values("pk"))
            .select_related("section")
            .prefetch_related("articles",
                              Prefetch("lineage_in", queryset=lineage),
                              Prefetch("lineage_out", queryset=lineage),
                              Prefetch("placements",
                                       queryset=_public_placements()))
            .order_by("group", "position", "name", "pk"))


def _public_placements():
    from shisaku.projects.models import Placement

    return (Placement.objects.filter(node__program__in=records.programs())
            .select_related("node__program").order_by("node__program__ordinal", "node__code"))


def _event(event: LineageEvent) -> dict:
    return {
        "kind": event.kind, "kind_label": str(event.get_kind_display()),
        "effective_fy": event.effective_fy, "note": event.note,
        "predecessors": [{"id": p.pk, "name": p.name}
                         for p in sorted(event.predecessors.all(), key=lambda p: p.pk)],
        "successors": [{"id": p.pk, "name": p.name}
                       for p in sorted(event.successors.all(), key=lambda p: p.pk)],
    }


def project_row(project: Project) -> dict:
    events = {e.pk: e for e in list(project.lineage_in.all()) + list(project.lineage_out.all())}
    ordered = sorted(events.values(), key=lambda e: (e.effective_fy, e.pk))
    return {
        "id": project.pk, "name": project.name, "heading": project.heading,
        "group": project.group, "position": project.position,
        "section": section_row(project.section),
        "articles": sorted(a.number for a in project.articles.all()),
        "first_fy": project.first_fy, "last_fy": project.last_fy,
        "description": project.description,
        "placements": [{"program_id": p.node.program_id, "program": p.node.program.name,
                        "node_id": p.node_id, "code": p.node.code}
                       for p in project.placements.all()],
        "lineage": [_event(e) for e in ordered],
    }


def section_row(section) -> dict | None:
    return None if section is None else {"id": section.pk, "name": section.name}



# ------------------------------------------------------------------------------ documents


def documents(*, fiscal_year=None, kind=None, fmt=None) -> QuerySet[PublishedDocument]:
    queryset = (PublishedDocument.objects.filter(cycle__status=Cycle.Status.PUBLISHED)
                .defer("content").select_related("cycle")
                .order_by("-cycle__fiscal_year", "kind", "format", "pk"))
    if fiscal_year is not None:
        queryset = queryset.filter(cycle__fiscal_year=fiscal_year)
    if kind:
        queryset = queryset.filter(kind=kind)
    if fmt:
        queryset = queryset.filter(format=fmt)
    return queryset


# ------------------------------------------------------------------------------ freshness


def last_published() -> datetime.datetime:
    """When the public record last changed: the latest publication of a year, a sheet, a
    document or a statistic (never later than now). All but the documents (built on first
    request) are read once per publication generation."""
    moments = [remember("api-last-published", (), _record_moment)]
    made = (PublishedDocument.objects.filter(cycle__status=Cycle.Status.PUBLISHED)
            .aggregate(at=Max("created_at"))["at"])
    if made:
        moments.append(made)
    return min(max(moments), timezone.now())


def _record_moment() -> datetime.datetime:
    tz = timezone.get_current_timezone()
    moments = [datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)]

    def day(value):
        if value:
            moments.append(datetime.datetime.combine(value, datetime.time.min, tzinfo=tz))

    cycles = records.cycles()
    for published_on, month in cycles.values_list("published_on", "published_month"):
        day(published_on)
        if month:
            day(datetime.date(int(month[:4]), int(month[5:7]), 1))
    latest = records.sheets().aggregate(at=Max("published_at"))["at"]
    if latest:
        moments.append(latest)
    today = timezone.localdate()
    day(Dataset.objects.filter(published_on__lte=today).aggregate(d=Max("published_on"))["d"])
    day(Period.objects.filter(released_on__lte=today).aggregate(d=Max("released_on"))["d"])
    return max(moments)
