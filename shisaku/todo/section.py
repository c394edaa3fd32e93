"""A section's to-do list: its sheets of the open year, the opinions and follow-ups it owes."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shisaku.lib.era import format_fy
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion, Response

from .deadlines import FOLLOW_UP, RESPONSE, SHEET, Deadlines, is_overdue
from .items import Item

# The years whose sheets the sections write: 入力中, and 検証中 for what is returned or late.


@dataclass
class SectionTodo:
    to_fill: list[Item] = field(default_factory=list)  # 下書き: fill and submit
    returned: list[Item] = field(default_factory=list)  # 差戻し: fix, with the reason
    opinions: list[Item] = field(default_factory=list)  # waiting for the section's response
    follow_ups: list[Item] = field(default_factory=list)  # last year's responses to follow up

    @property
    def total(self) -> int:
        return len(self.to_fill) + len(self.returned) + len(self.opinions) + len(self.follow_ups)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for items in (self.to_fill, self.returned, self.opinions,
                                              self.follow_ups) for item in items)


def section_todo(sections, today: date | None = None) -> SectionTodo:
    """What `sections` (a queryset of Section) have left to do; five queries, whatever the rows."""
    today = today or timezone.localdate()
    todo = SectionTodo()
    open_years = list(Cycle.objects.exclude(status=Cycle.Status.PUBLISHED).order_by("fiscal_year"))
    deadlines = Deadlines(open_years)
    sheets = (Sheet.objects.current().for_sections(sections)
              .with_section()
              .select_related("cycle", "project")
              .order_by("cycle__fiscal_year", "project__group", "project__position", "project__pk"))
    for sheet in sheets:
        due = deadlines.due(sheet.cycle, SHEET, sheet.project.section_id)
        item = Item(f"{sheet.project.heading}（{format_fy(sheet.cycle.fiscal_year)}）",
                    reverse("sheets:edit", args=[sheet.pk]), due, is_overdue(due, today),
                    note=sheet.return_comment if sheet.state == Sheet.State.RETURNED else "",
                    state=sheet.get_state_display())
        (todo.returned if sheet.state == Sheet.State.RETURNED else todo.to_fill).append(item)

    groups = Project.objects.filter(section__in=sections).exclude(group="").values("group")
    opinions = (Opinion.objects.unanswered()
                .exclude(cycle__status=Cycle.Status.PUBLISHED)
                .filter(Q(scope=Opinion.Scope.SHEET, sheet__project__section__in=sections)
                        | Q(scope=Opinion.Scope.GROUP, group__in=groups))
                .select_related("cycle", "sheet__project", "article")
                .order_by("cycle__fiscal_year", "scope", "sheet", "group", "number"))
    for opinion in opinions:
        section_id = opinion.sheet.project.section_id if opinion.sheet_id else None
        due = deadlines.due(opinion.cycle, RESPONSE, section_id)
        todo.opinions.append(Item(
            _("%(target)s の意見%(label)s") % {"target": opinion.target_label,
                                             "label": opinion.label},
            reverse("verification:respond", args=[opinion.pk]), due, is_overdue(due, today),
            note=opinion.text))

    # A response is followed up in the next year that is still open (as verification does).
    latest_open = open_years[-1] if open_years else None
    if latest_open is not None:
        responses = (Response.objects.awaiting_follow_up().filter(
            opinion__cycle__fiscal_year__lt=latest_open.fiscal_year,
            opinion__sheet__project__section__in=sections)
            .select_related("opinion__cycle", "opinion__sheet__project")
            .order_by("opinion__cycle__fiscal_year", "opinion__number"))
        due = deadlines.due(latest_open, FOLLOW_UP)
        for response in responses:
            todo.follow_ups.append(Item(
                _("%(target)s の対応%(label)s（%(fy)s）") % {
                    "target": response.opinion.target_label, "label": response.label,
                    "fy": format_fy(response.opinion.cycle.fiscal_year)},
                reverse("verification:follow_up", args=[response.pk]), due,
                is_overdue(due, today), note=response.text))
    return todo
