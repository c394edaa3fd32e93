"""What the read API returns, as querysets and plain dicts shaped like its schemas.

Everything public comes from `shisaku.published.records` (the published record: frozen sheet
snapshots, opinions of published years, begun programs, released statistics). A staff token
adds the caller's own unpublished sheets (planning division: every sheet; a section editor:
their sections' projects), read from the live rows with the same shape as a snapshot and
checked once more with `access.can_read_sheet`. Neither ever carries a return comment, a staff
name or the change history.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from shisaku.accounts import access
from shisaku.plan.models import Node, Plan, Program
from shisaku.projects.models import LineageEvent, Project
from shisaku.published import records
from shisaku.published.cache import remember
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.snapshot import snapshot
from shisaku.stats import industries, vocab
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
        "section": _section(project.section),
        "articles": sorted(a.number for a in project.articles.all()),
        "first_fy": project.first_fy, "last_fy": project.last_fy,
        "description": project.description,
        "placements": [{"program_id": p.node.program_id, "program": p.node.program.name,
                        "node_id": p.node_id, "code": p.node.code}
                       for p in project.placements.all()],
        "lineage": [_event(e) for e in ordered],
    }


def _section(section) -> dict | None:
    return None if section is None else {"id": section.pk, "name": section.name}


# ------------------------------------------------------------------------------ sheets


def _filter_sheets(queryset, *, fiscal_year=None, article=None, project=None, section=None):
    if fiscal_year is not None:
        queryset = queryset.filter(cycle__fiscal_year=fiscal_year)
    if article is not None:
        queryset = queryset.filter(project__articles__number=article)
    if project is not None:
        queryset = queryset.filter(project_id=project)
    if section is not None:
        queryset = queryset.filter(project__section_id=section)
    return queryset


SHEET_ORDER = ("cycle__fiscal_year", "project__group", "project__position", "project__name",
               "revision", "pk")


def sheets(user, **filters) -> QuerySet[Sheet]:
    """The public sheets, and with a token the caller's own unpublished ones."""
    public = _filter_sheets(records.sheets(), **filters).values("pk")
    own = _filter_sheets(own_unpublished_sheets(user), **filters).values("pk")
    return (Sheet.objects.filter(Q(pk__in=public) | Q(pk__in=own))
            .select_related("cycle", "project", "project__section")
            .prefetch_related("project__articles").order_by(*SHEET_ORDER))


def is_public(sheet: Sheet) -> bool:
    return (sheet.state == Sheet.State.PUBLISHED and sheet.cycle.status == Cycle.Status.PUBLISHED
            and bool(sheet.published_snapshot))


def _published_at(sheet: Sheet):
    """When the sheet was published; none for a past year whose report gives only the month
    (its sheets were recorded, not published, at `published_at`: the year says
    `published_month`)."""
    cycle = sheet.cycle
    if cycle.recorded_from and cycle.published_on is None:
        return None
    return sheet.published_at


def sheet_row(sheet: Sheet, user) -> dict | None:
    """The sheet as the caller may read it: its snapshot when public, else its live texts."""
    public = is_public(sheet)
    if public:
        frozen = sheet.published_snapshot
        texts, verified, name = frozen.get("texts", {}), frozen.get("verified", False), \
            frozen.get("project", sheet.project.name)
    elif is_token_holder(user) and access.is_staff_for(user, sheet.project) \
            and access.can_read_sheet(user, sheet):
        texts = {field: getattr(sheet, field) for field in Sheet.TEXT_FIELDS}
        verified, name = sheet.verified, sheet.project.name
    else:
        return None
    return {
        "id": sheet.pk, "fiscal_year": sheet.cycle.fiscal_year, "project_id": sheet.project_id,
        "project": name, "section": _section(sheet.project.section),
        "articles": sorted(a.number for a in sheet.project.articles.all()),
        "revision": sheet.revision, "published": public,
        "state": sheet.state, "verified": verified,
        "published_at": _published_at(sheet) if public else None,
        "texts": {field: str(texts.get(field, "") or "") for field in Sheet.TEXT_FIELDS},
    }


# ------------------------------------------------------------------------------ indicators


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    return float(Decimal(str(value)))


def _value_row(value: dict) -> dict:
    return {
        "fiscal_year": value["fiscal_year"], "target": _number(value.get("target")),
        "actual": _number(value.get("actual")),
        "actual_status": value.get("actual_status") or "measured",
        "breakdown": [{"label": str(item.get("label", "")), "value": _number(item.get("value"))}
                      for item in value.get("breakdown") or [] if isinstance(item, dict)],
        "target_breakdown": [{"label": str(item.get("label", "")),
                              "value": _number(item.get("value"))}
                             for item in value.get("target_breakdown") or []
                             if isinstance(item, dict)],
        "comment": value.get("comment") or "",
    }


def indicators(user, **filters) -> list[dict]:
    """One row per indicator of each readable sheet, with the values the sheet shows."""
    rows = []
    listed = list(sheets(user, **{k: v for k, v in filters.items() if k != "section"}))
    unpublished = [s for s in listed if not is_public(s)]
    live = defaultdict(list)
    if unpublished:
        values = Prefetch("values", queryset=IndicatorValue.objects.order_by("fiscal_year"))
        for indicator in (Indicator.objects.filter(project__in={s.project_id for s in unpublished})
                          .prefetch_related(values).order_by("order", "pk")):
            live[indicator.project_id].append(indicator)
    for sheet in listed:
        if is_public(sheet):
            items = records.snapshot_values(sheet)
        elif sheet_row(sheet, user) is not None:
            items = snapshot(sheet, live[sheet.project_id])["indicators"]
        else:
            continue
        for item in items:
            rows.append({
                "sheet_id": sheet.pk, "fiscal_year": sheet.cycle.fiscal_year,
                "project_id": sheet.project_id, "published": is_public(sheet),
                "indicator_id": item.get("id"), "name": item.get("name", ""),
                "unit": item.get("unit", ""), "kind": item.get("kind", ""),
                "direction": item.get("direction", ""),
                "values": [_value_row(v) for v in sorted(item.get("values", []),
                                                         key=lambda v: v["fiscal_year"])],
            })
    return rows


# ------------------------------------------------------------------------------ opinions


def opinions(*, fiscal_year=None, article=None, project=None) -> list[dict]:
    queryset = (records.opinions(fiscal_year)
                .select_related("sheet__project__section")
                .prefetch_related("sheet__project__articles")
                .order_by("cycle__fiscal_year", "scope", "group", "article__number",
                          "sheet__project__name", "number", "pk"))
    follow_ups = {f.response_id: f for f in records.follow_ups()}
    group_projects = defaultdict(list)
    for pk, group, number in (Project.objects.exclude(group="")
                              .values_list("pk", "group", "articles__number")):
        group_projects[group].append((pk, number))
    rows = []
    for opinion in queryset:
        if opinion.scope == opinion.Scope.SHEET and opinion.sheet_id:
            project_ids = [opinion.sheet.project_id]
            articles = sorted(a.number for a in opinion.sheet.project.articles.all())
        elif opinion.scope == opinion.Scope.GROUP:
            members = group_projects.get(opinion.group, [])
            project_ids = sorted({pk for pk, _n in members})
            articles = sorted({n for _pk, n in members if n is not None})
        else:
            project_ids = []
            articles = [opinion.article.number] if opinion.article_id else []
        if article is not None and article not in articles:
            continue
        if project is not None and project not in project_ids:
            continue
        rows.append(_opinion_row(opinion, project_ids, articles, follow_ups))
    return rows


def _opinion_row(opinion, project_ids, articles, follow_ups) -> dict:
    response = getattr(opinion, "response", None) if _has_response(opinion) else None
    follow = follow_ups.get(response.pk) if response is not None else None
    return {
        "id": opinion.pk, "fiscal_year": opinion.cycle.fiscal_year, "scope": opinion.scope,
        "number": opinion.number, "label": opinion.label, "target": str(opinion.target_label),
        "group": opinion.group, "project_ids": project_ids, "articles": articles,
        "text": opinion.text, "themes": [str(t) for t in opinion.themes or []],
        "response": None if response is None else {
            "text": response.text, "classification": response.classification,
            "classification_label": str(response.get_classification_display()),
            "section": _section(response.section), "effective_fy": response.effective_fy,
            "plan_items": [str(item) for item in response.plan_items or []],
        },
        "follow_up": None if follow is None else {
            "fiscal_year": follow.cycle.fiscal_year, "status": follow.status,
            "status_label": str(follow.get_status_display()), "note": follow.note,
        },
    }


def _has_response(opinion) -> bool:
    try:
        return opinion.response is not None
    except opinion.__class__.response.RelatedObjectDoesNotExist:
        return False


# ------------------------------------------------------------------------------ statistics


def _today() -> datetime.date:
    return timezone.localdate()


def dataset_released(dataset: Dataset, today=None) -> bool:
    """A dataset with periods is public once one period is; a survey (no periods) once its
    publication day, when it has one, has come."""
    day = today or _today()
    if dataset.kind == Dataset.Kind.SURVEY:
        return dataset.published_on is None or dataset.published_on <= day
    return bool(records.released_periods(dataset, day))


def datasets() -> list[Dataset]:
    today = _today()
    return [d for d in records.datasets() if dataset_released(d, today)]


def dataset(slug: str) -> Dataset | None:
    return next((d for d in datasets() if d.slug == slug), None)


def dataset_row(dataset: Dataset) -> dict:
    periods = records.released_periods(dataset, _today())
    return {
        "slug": dataset.slug, "title": dataset.title, "kind": dataset.kind,
        "kind_label": str(dataset.get_kind_display()), "measure": dataset.measure,
        "unit": dataset.unit, "source": dataset.source, "series": dataset.series,
        "reference_date": dataset.reference_date, "release": dataset.release,
        "published_on": dataset.published_on, "document": dataset.document,
        "caveat": dataset.caveat, "notes": dataset.notes,
        "periods": [{"key": p.key, "label": p.label, "comparability_group": p.group,
                     "note": p.note, "released_on": p.release_date} for p in periods],
    }


def _row(period, dimensions: dict, value, unit: str) -> dict:
    return {"period": period.key if period else None, "period_label": period.label if period else None,
            "dimensions": {name: {"code": code, "label": label}
                           for name, (code, label) in dimensions.items()},
            "value": None if value is None else float(value), "unit": unit}


def dataset_values(dataset: Dataset) -> list[dict]:
    """The released figures as rows {period, dimensions, value, unit}, in the table's order."""
    periods = records.released_periods(dataset, _today())
    order = {p.pk: p.order for p in periods}
    by_pk = {p.pk: p for p in periods}
    kind, unit, rows = dataset.kind, dataset.unit, []
    Kind = Dataset.Kind
    if kind == Kind.SURVEY:
        return _survey_rows(dataset)
    if kind == Kind.CENSUS:
        from shisaku.stats.models import CensusValue

        codes = [c for c, _label in industries.CHOICES]
        for v in CensusValue.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], codes.index(v.industry)), _row(
                by_pk[v.period_id], {"industry": (v.industry, industries.name(v.industry))},
                v.value, unit)))
    elif kind == Kind.DI:
        from shisaku.stats.models import DiValue

        for v in DiValue.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], vocab.DI_INDUSTRY.order(v.industry),
                          vocab.DI_KIND.order(v.kind)), _row(
                by_pk[v.period_id], {"industry": (v.industry, vocab.DI_INDUSTRY.label(v.industry)),
                                     "kind": (v.kind, vocab.DI_KIND.label(v.kind))},
                v.value, unit)))
    elif kind == Kind.BANKRUPTCY:
        from shisaku.stats.models import BankruptcyCount

        for v in BankruptcyCount.objects.filter(period__in=periods):
            rows.append(((order[v.period_id],), _row(by_pk[v.period_id], {}, v.count,
                                                     unit or "件")))
    elif kind == Kind.JOB_OFFER:
        from shisaku.stats.models import JobOfferRatio

        for v in JobOfferRatio.objects.filter(period__in=periods):
            rows.append(((order[v.period_id], vocab.AREA.order(v.area)), _row(
                by_pk[v.period_id], {"area": (v.area, vocab.AREA.label(v.area))},
                v.ratio, unit or "倍")))
    elif kind == Kind.RD:
        from shisaku.stats.models import RdInstitutionCount

        for v in RdInstitutionCount.objects.filter(period__in=periods):
            ward = (v.ward, vocab.WARD.label(v.ward)) if v.ward else ("", "全市")
            rows.append(((order[v.period_id], vocab.WARD.order(v.ward) if v.ward else -1,
                          vocab.RD_KIND.order(v.kind)), _row(
                by_pk[v.period_id], {"ward": ward, "kind": (v.kind, vocab.RD_KIND.label(v.kind))},
                v.count, unit or "機関")))
    elif kind == Kind.PROCUREMENT:
        from shisaku.stats.models import ProcurementFigure

        for v in ProcurementFigure.objects.filter(period__in=periods):
            dims = {"category": (v.category, vocab.COMPANY.label(v.category)),
                    "contract_type": (v.contract_type, vocab.CONTRACT.label(v.contract_type))}
            key = (order[v.period_id], vocab.COMPANY.order(v.category),
                   vocab.CONTRACT.order(v.contract_type))
            rows.append((key + (0,), _row(by_pk[v.period_id], {**dims, "measure": ("count", "契約件数")},
                                          v.count, "件")))
            rows.append((key + (1,), _row(by_pk[v.period_id],
                                          {**dims, "measure": ("amount", "契約金額")},
                                          v.amount, "百万円")))
    elif kind == Kind.SUBSIDISED:
        from shisaku.stats.models import SubsidisedContracts

        for v in SubsidisedContracts.objects.filter(period__in=periods):
            dims = {"scope": (v.scope, vocab.SUBSIDY_SCOPE.label(v.scope))}
            key = (order[v.period_id], vocab.SUBSIDY_SCOPE.order(v.scope))
            rows.append((key + (0,), _row(by_pk[v.period_id], {**dims, "measure": ("count", "契約件数")},
                                          v.count, "件")))
            rows.append((key + (1,), _row(by_pk[v.period_id],
                                          {**dims, "measure": ("amount", "契約金額")},
                                          v.amount, "百万円")))
    return [row for _key, row in sorted(rows, key=lambda pair: pair[0])]


def _survey_rows(dataset: Dataset) -> list[dict]:
    from shisaku.stats.models import Option, SurveyStratum

    rows = []
    for stratum in SurveyStratum.objects.filter(survey__dataset=dataset).order_by("order"):
        dims = {"stratum": (stratum.industry, stratum.label)}
        rows.append(_row(None, {**dims, "measure": ("sent", "発送件数")}, stratum.sent, "件"))
        rows.append(_row(None, {**dims, "measure": ("responses", "回答件数")}, stratum.responses,
                         "件"))
    for option in (Option.objects.filter(question__survey__dataset=dataset)
                   .select_related("question").order_by("question__order", "order")):
        rows.append(_row(None, {"question": (str(option.question.order), option.question.text),
                                "option": (str(option.order), option.label)},
                         option.count, "件"))
    return rows


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
    today = _today()
    day(Dataset.objects.filter(published_on__lte=today).aggregate(d=Max("published_on"))["d"])
    day(Period.objects.filter(released_on__lte=today).aggregate(d=Max("released_on"))["d"])
    return max(moments)
