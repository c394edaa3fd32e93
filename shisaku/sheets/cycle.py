"""Starting, moving, publishing, recording and deleting a fiscal-year cycle.

Starting FY n creates a sheet for every project active in n, prefilled from FY n-1
following lineage: a project merged from others brings their indicators.

Publishing a year run in Shisaku passes the publication gate (publication_blockers);
a past year brought in from the city's printed report is recorded as published by the
city (record_past_publication) without the gate. A cycle never published may be deleted
with everything that belongs to it (delete_cycle); a published one is final.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.lib.era import format_fy
from shisaku.lib.shortlist import Shortlist, first
from shisaku.projects.models import LineageEvent, Project

from .models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from .queries import sheets_for_listing
from .years import final_years


def predecessors_in(fy: int) -> dict[int, list[int]]:
    """project id → ids of the projects it continues from FY fy-1 (by lineage events of fy)."""
    mapping: dict[int, list[int]] = {}
    events = LineageEvent.objects.filter(effective_fy=fy).prefetch_related(
        "predecessors", "successors")
    for event in events:
        for after in event.successors.all():
            mapping.setdefault(after.pk, []).extend(p.pk for p in event.predecessors.all())
    return mapping


@audited
@transaction.atomic
def start_cycle(fy: int, user, progress=None, **dates) -> Cycle:
    if Cycle.objects.filter(fiscal_year=fy).exists():
        raise ValidationError(_("%(fy)sのサイクルは既にあります。") % {"fy": format_fy(fy)})
    cycle = Cycle(fiscal_year=fy, status=Cycle.Status.PREPARING, **dates)
    cycle.full_clean()
    cycle.save()
    previous = {
        s.project_id: s for s in Sheet.objects.current().filter(cycle__fiscal_year=fy - 1)
    }
    sources = predecessors_in(fy)
    projects = list(Project.objects.active_in(fy).order_by("group", "position", "name"))
    for index, project in enumerate(projects, 1):
        origin_ids = [project.pk] + sources.get(project.pk, [])
        prior = [previous[pk] for pk in origin_ids if pk in previous]
        sheet = Sheet.objects.create(cycle=cycle, project=project, updated_by=user,
                                     **_prefill_texts(prior))
        _carry_indicators(project, sources.get(project.pk, []), fy)
        SheetChange.objects.create(sheet=sheet, field=_("作成"), after=_("前年度から引継ぎ")
                                   if prior else _("新規作成"), user=user)
        if progress:
            progress(index, len(projects), project.name)
    return cycle


def _prefill_texts(prior: list[Sheet]) -> dict:
    if not prior:
        return {}
    first = prior[0]
    # Last year's "next-year plan" is this year's plan; goal and activities carry over.
    return {
        "goal": first.goal,
        "activities": "\n".join(s.activities for s in prior if s.activities),
        "plan": "\n".join(s.next_plan for s in prior if s.next_plan),
    }


def _carry_indicators(project: Project, predecessor_ids: list[int], fy: int) -> None:
    continued = set(
        Indicator.objects.filter(project=project, previous__isnull=False)
        .values_list("previous_id", flat=True)
    )
    order = project.indicators.count()
    for old in Indicator.objects.filter(project_id__in=predecessor_ids, retired_fy__isnull=True):
        if old.pk in continued:
            continue
        order += 1
        Indicator.objects.create(
            project=project, name=old.name, unit=old.unit, kind=old.kind,
            direction=old.direction, measure=old.measure, order=order, previous=old,
        )
    # Propose last year's target for every indicator that has none yet this year.
    for indicator in project.indicators.filter(retired_fy__isnull=True).select_related("previous"):
        if indicator.values.filter(fiscal_year=fy).exists():
            continue
        source = indicator if indicator.values.filter(fiscal_year=fy - 1).exists() else indicator.previous
        last = source.values.filter(fiscal_year=fy - 1).first() if source else None
        if last is not None and last.target is not None:
            IndicatorValue.objects.create(indicator=indicator, fiscal_year=fy, target=last.target)


# Other apps add what blocks 確定 (the verification app: opinions without a response).
SETTLE_CHECKS: list = []

MAX_LISTED = 50


def settle_blockers(cycle: Cycle, limit: int | None = None) -> Shortlist:
    """What keeps `cycle` from 確定, one sentence each: verified sheets not yet 確認済, then
    what other apps' checks find. With `limit`, only the first so many are read (a page's
    share), and `.total` counts them all."""
    unconfirmed = (
        Sheet.objects.current().filter(cycle=cycle, verified=True)
        .exclude(state__in=[Sheet.State.CONFIRMED, Sheet.State.PUBLISHED])
        .select_related("project")  # not the sheets' texts: the verification dashboard's time
        .only("state", "project__name", "project__group", "project__position"))
    problems = first(unconfirmed, limit, lambda sheet: _("シート未確認: %(name)s（%(state)s）") % {
        "name": sheet.project.heading, "state": sheet.get_state_display()})
    for check in SETTLE_CHECKS:  # each reads up to `limit` too: the same queries every time
        problems.extend_with(check(cycle, limit))
    if limit is not None:
        del problems[limit:]
    return problems


@dataclass(frozen=True)
class Blocker:
    """One thing that keeps a year from publication, with the page where it is fixed."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return f"{self.text}（{self.url}）" if self.url else self.text


def publication_blockers(cycle: Cycle) -> list[Blocker]:
    """Everything incomplete in the year's current sheets (and what blocks 確定).

    A verified sheet must be 確認済 with every part Sheet.missing_parts lists; an
    その他の事業 sheet (not verified) must have its two-part summary. Empty: publishable.
    """
    final = cycle.fiscal_year in final_years()
    blockers: list[Blocker] = []
    sheets = list(sheets_for_listing(cycle.fiscal_year).filter(cycle=cycle))
    if not sheets:
        blockers.append(Blocker(_("この年度には事業シートが1件もありません。")))
    for sheet in sheets:
        problems = []
        if sheet.verified and sheet.state not in (Sheet.State.CONFIRMED, Sheet.State.PUBLISHED):
            problems.append(_("「%(state)s」のままです（確認済にしてください）") % {
                "state": sheet.get_state_display()})
        missing = sheet.missing_parts(sheet.project.listed_indicators, final)
        if missing:
            problems.append(_("未入力: %(parts)s") % {"parts": "、".join(missing)})
        if problems:
            kind = _("検証対象") if sheet.verified else _("その他の事業")
            blockers.append(Blocker(
                _("%(name)s（%(kind)s）: %(problems)s") % {
                    "name": sheet.project.heading, "kind": kind,
                    "problems": "。".join(problems)},
                reverse("sheets:detail", args=[sheet.pk])))
    for check in SETTLE_CHECKS:  # e.g. an opinion still without its response
        blockers.extend(Blocker(text) for text in check(cycle))
    return blockers


class PublicationBlocked(ValidationError):
    """Publication refused; `blockers` says what to finish, with links."""

    def __init__(self, cycle: Cycle, blockers: list[Blocker]):
        self.blockers = blockers
        lines = [_("%(fy)sは公表できません。次の%(n)s件を済ませてください。") % {
            "fy": format_fy(cycle.fiscal_year), "n": len(blockers)}]
        lines += [str(b) for b in blockers[:MAX_LISTED]]
        if len(blockers) > MAX_LISTED:
            lines.append(_("ほか%(n)s件") % {"n": len(blockers) - MAX_LISTED})
        super().__init__(lines)


def _require_manager(user) -> None:
    if user is None or not access.can_manage_cycle(user):
        raise PermissionDenied


@audited
@transaction.atomic
def move_cycle(cycle: Cycle, status: str, user) -> Cycle:
    """Advance the cycle; 確定 needs every verified sheet confirmed and every opinion answered;
    公表 passes the publication gate and publishes (freezes) every current sheet."""
    _require_manager(user)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if status not in Cycle.Status.values or not cycle.can_move_to(status):
        raise ValidationError(
            _("「%(from)s」から「%(to)s」には進めません。") % {
                "from": cycle.get_status_display(),
                "to": Cycle.Status(status).label if status in Cycle.Status.values else status}
        )
    sheets = Sheet.objects.current().filter(cycle=cycle)
    if status == Cycle.Status.SETTLED:
        problems = settle_blockers(cycle, MAX_LISTED)
        if problems:
            raise ValidationError(
                [_("確定できません。次を済ませてください。")] + problems
                + ([_("ほか%(n)s件") % {"n": problems.left_off}] if problems.left_off else []))
    if status == Cycle.Status.PUBLISHED:
        blockers = publication_blockers(cycle)
        if blockers:
            raise PublicationBlocked(cycle, blockers)
        from .workflow import record_as_published, transition

        for sheet in sheets.exclude(state=Sheet.State.PUBLISHED):
            if sheet.state == Sheet.State.CONFIRMED:
                transition(sheet, "publish", user)
            else:  # an その他の事業 entry: the gate checked its summary
                record_as_published(sheet, user, timezone.now(), _("年度の公表"))
        cycle.published_on = cycle.published_on or timezone.localdate()
    cycle.status = status
    cycle.save()
    return cycle


# ------------------------------------------------------------------ settings


@audited
@transaction.atomic
def update_settings(cycle: Cycle, user, **fields) -> Cycle:
    """Change the cycle's dates, thresholds or procurement flags; refused once published."""
    _require_manager(user)
    unknown = set(fields) - set(Cycle.SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not a cycle setting: {sorted(unknown)}")
    stored = Cycle.objects.select_for_update().get(pk=cycle.pk)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()  # Cycle.clean refuses any change of a published year
    stored.save()
    return stored


# ------------------------------------------------------------------ a past year


@audited
@transaction.atomic
def record_past_publication(cycle: Cycle, user, *, published_on: datetime.date | None,
                            source: str, found_project_ids=None,
                            published_month: str = "") -> Cycle:
    """Record a year the city published before Shisaku (from its printed report).

    Called by the report importer after every write of that year, never for a year run
    in Shisaku: the publication gate does not apply to history. Sheets the source did
    not contain (`found_project_ids` given) are flagged `source_missing`; every current
    sheet is frozen as published on `published_on`; the cycle becomes 公表済.
    `published_month` (YYYY-MM) records the month when the report prints no day.
    """
    if user is not None:
        _require_manager(user)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_published:
        raise ValidationError(_("%(fy)sは既に公表済です。") % {"fy": format_fy(cycle.fiscal_year)})
    moment = timezone.now()
    if published_on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(9)))
    _publish_past_sheets(cycle, user, moment, _("市の報告書により公表"), found_project_ids)
    cycle.status = Cycle.Status.PUBLISHED
    cycle.published_on = published_on
    if published_on is None and published_month:
        cycle.published_month = published_month
    cycle.recorded_from = source[:300]
    cycle.full_clean()
    cycle.save()
    return cycle


def _publish_past_sheets(cycle: Cycle, user, moment, note, found_project_ids) -> None:
    """workflow.record_as_published for every current sheet of the year, in bulk.

    The same rows as one call per sheet (source_missing, state, published_at, the
    snapshot, the version, a 状態 history row, the audit entries), written with a
    constant number of queries whatever the number of sheets (a past report may hold
    thousands).
    """
    import copy

    from auditlog.models import LogEntry

    from shisaku.audit.records import log_bulk

    from .snapshot import snapshot

    sheets = list(Sheet.objects.current().filter(cycle=cycle).select_for_update(of=("self",))
                  .select_related("cycle", "project").order_by("pk"))
    indicators: dict[int, list] = {}
    for indicator in (Indicator.objects.filter(project__in={s.project_id for s in sheets})
                      .prefetch_related("values").order_by("order", "pk")):
        indicators.setdefault(indicator.project_id, []).append(indicator)
    flagged, flagged_before = [], []
    published, published_before, changes = [], [], []
    now = timezone.now()
    for sheet in sheets:
        if found_project_ids is not None:
            missing = sheet.project_id not in found_project_ids
            if missing != sheet.source_missing:
                flagged_before.append(copy.copy(sheet))
                sheet.source_missing = missing
                flagged.append(sheet)
        if sheet.state == Sheet.State.PUBLISHED:
            continue
        published_before.append(copy.copy(sheet))
        before = sheet.get_state_display()
        sheet.state = Sheet.State.PUBLISHED
        sheet.published_at = moment
        sheet.published_snapshot = snapshot(sheet, indicators.get(sheet.project_id, []))
        sheet.updated_by = user
        sheet.version += 1
        sheet.updated_at = now
        published.append(sheet)
        changes.append(SheetChange(sheet=sheet, field=str(_("状態")), before=before,
                                   after=f"{sheet.get_state_display()}（{note}）", user=user))
    # Same values for all but the flag and the snapshot: an UPDATE per value, and the
    # snapshots with one executemany (bulk_update's CASE per row is slow for thousands).
    for flag in (True, False):
        ids = [s.pk for s in flagged if s.source_missing is flag]
        if ids:
            Sheet.objects.filter(pk__in=ids).update(source_missing=flag)
    if published:
        Sheet.objects.filter(pk__in=[s.pk for s in published]).update(
            state=Sheet.State.PUBLISHED, published_at=moment, updated_by=user,
            version=F("version") + 1, updated_at=now)
        field = Sheet._meta.get_field("published_snapshot")
        connection = connections[Sheet.objects.db]
        column, pk_column = field.column, Sheet._meta.pk.column
        assert column and pk_column  # concrete fields have columns
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {connection.ops.quote_name(Sheet._meta.db_table)} SET "
                f"{connection.ops.quote_name(column)} = %s WHERE "
                f"{connection.ops.quote_name(pk_column)} = %s",
                [(field.get_db_prep_save(s.published_snapshot, connection), s.pk)
                 for s in published])
    SheetChange.objects.bulk_create(changes)
    # The flag has its own entry (it was saved first, with update_fields), then publication.
    log_bulk(flagged, LogEntry.Action.UPDATE, before=flagged_before)
    log_bulk(published, LogEntry.Action.UPDATE, before=published_before)


# ------------------------------------------------------------------ deletion


@dataclass
class DeletionPlan:
    """What goes with a cycle when it is deleted (shown on the confirmation page)."""

    sheets: list
    changes: int
    values: list
    kept_values: int
    opinions: list
    responses: list
    follow_ups_recorded: list
    follow_ups_of_responses: list
    main_opinions: list
    meetings: list
    documents: int
    refusals: list[str]

    def counts(self) -> list[tuple[str, int]]:
        return [
            (_("事業シート"), len(self.sheets)),
            (_("シートの変更履歴"), self.changes),
            (_("指標の値（この年度）"), len(self.values)),
            (_("検証意見"), len(self.opinions)),
            (_("対応"), len(self.responses)),
            (_("この年度に記録したフォローアップ"), len(self.follow_ups_recorded)),
            (_("この年度の対応へのフォローアップ"), len(self.follow_ups_of_responses)),
            (_("条文ごとの主な検証意見"), len(self.main_opinions)),
            (_("会議"), len(self.meetings)),
            (_("公表文書"), self.documents),
        ]


def deletion_plan(cycle: Cycle) -> DeletionPlan:
    from shisaku.reports.models import PublishedDocument
    from shisaku.verification.models import ArticleMainOpinion, FollowUp, Meeting, Opinion, Response

    fy = cycle.fiscal_year
    sheets = list(Sheet.objects.filter(cycle=cycle).select_related("project")
                  .order_by("-revision", "pk"))
    # Values of this FY entered on another year's sheet (a later target typed into last
    # year's grid) are not this cycle's: they stay.
    elsewhere = set(
        SheetChange.objects.filter(fiscal_year=fy, indicator__isnull=False)
        .exclude(sheet__cycle=cycle).values_list("indicator_id", flat=True))
    all_values = list(IndicatorValue.objects.filter(fiscal_year=fy).order_by("pk"))
    values = [v for v in all_values if v.indicator_id not in elsewhere]
    opinions = list(Opinion.objects.filter(cycle=cycle).order_by("pk"))
    responses = list(Response.objects.filter(opinion__cycle=cycle).order_by("pk"))
    of_responses = list(FollowUp.objects.filter(response__opinion__cycle=cycle)
                        .select_related("cycle").order_by("pk"))
    recorded = list(FollowUp.objects.filter(cycle=cycle).exclude(
        response__opinion__cycle=cycle).order_by("pk"))
    documents = PublishedDocument.objects.filter(cycle=cycle).count()
    refusals = []
    if cycle.is_published:
        refusals.append(_("%(fy)sは公表済のため削除できません。公表した記録は確定しています。")
                        % {"fy": format_fy(fy)})
    if documents:
        refusals.append(_("公表文書が%(n)s件保存されているため削除できません。") % {"n": documents})
    published_later = sorted({f.cycle.fiscal_year for f in of_responses if f.cycle.is_published})
    if published_later:
        refusals.append(_("この年度の対応へのフォローアップが公表済の年度（%(years)s）にあるため"
                          "削除できません。") % {"years": "、".join(format_fy(y) for y in published_later)})
    return DeletionPlan(
        sheets=sheets, changes=SheetChange.objects.filter(sheet__cycle=cycle).count(),
        values=values, kept_values=len(all_values) - len(values),
        opinions=opinions, responses=responses, follow_ups_recorded=recorded,
        follow_ups_of_responses=of_responses,
        main_opinions=list(ArticleMainOpinion.objects.filter(cycle=cycle).order_by("pk")),
        meetings=list(Meeting.objects.filter(cycle=cycle).order_by("pk")),
        documents=documents, refusals=refusals)


@audited
@transaction.atomic
def delete_cycle(cycle: Cycle, user) -> DeletionPlan:
    """Delete a cycle that was never published, with everything that belongs to it.

    Each dependant is deleted as an instance (so the audit trail sees it), children first,
    so that no PROTECT foreign key is left pointing at a deleted row. All or nothing.
    """
    _require_manager(user)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    plan = deletion_plan(cycle)
    if plan.refusals:
        raise ValidationError(plan.refusals)
    for group in (plan.follow_ups_of_responses, plan.follow_ups_recorded, plan.main_opinions,
                  plan.responses, plan.opinions, plan.meetings, plan.values):
        for row in group:
            row.delete()
    for sheet in plan.sheets:  # later revisions first: a correction protects what it corrects
        sheet.delete()
    cycle.delete()
    return plan
