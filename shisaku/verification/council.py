"""Every write of the council's year records: its meetings and its main opinions per article.

Like every verification write: one transaction, the year locked, a published year refused,
permission checked, the form's version checked, and the save made through the instance so
the audit trail records it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import write_versioned
from shisaku.sheets.models import Cycle

from .guards import delete_in_open_year, lock_cycle, refuse_if_published
from .models import ArticleMainOpinion, Meeting

# --- meetings -------------------------------------------------------------------------------

MEETING_FIELDS = ("committee", "kind", "title", "held_on", "agenda", "summary", "projects",
                  "attendees")


@audited
@transaction.atomic
def save_meeting(cycle: Cycle, user, meeting: Meeting | None = None, *,
                 expected_version: int | None = None, **values) -> Meeting:
    """Add a meeting to a year (meeting=None) or change one as of `expected_version`."""
    cycle = lock_cycle(cycle)
    refuse_if_published(cycle)
    if not access.can_edit_meetings(user, cycle):
        raise PermissionDenied
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    if meeting is not None and meeting.pk is not None and meeting.cycle_id != cycle.pk:
        raise ValidationError(_("別の年度の会議は変更できません。"))
    return write_versioned(Meeting.objects.select_related("updated_by"), meeting, values,
                           expected_version, user=user, new=lambda: Meeting(cycle=cycle))



@audited
@transaction.atomic
def delete_meeting(meeting: Meeting, user, *, expected_version: int | None = None) -> None:
    delete_in_open_year(meeting, user, access.can_edit_meetings, expected_version)


# --- main opinions per article ----------------------------------------------------------------

@audited
@transaction.atomic
def save_main_opinion(cycle: Cycle, user, main: ArticleMainOpinion | None = None, *,
                      article, text: str = "", order: int = 0, opinion=None,
                      expected_version: int | None = None) -> ArticleMainOpinion:
    """A line of 条文ごとの主な検証意見: written, or taken from one of the year's opinions."""
    cycle = lock_cycle(cycle)
    refuse_if_published(cycle)
    if not access.can_edit_main_opinions(user, cycle):
        raise PermissionDenied
    if opinion is not None and opinion.cycle_id != cycle.pk:
        raise ValidationError(_("別の年度の検証意見は選べません。"))
    text = (text or "").strip() or (opinion.text if opinion is not None else "")
    if not text:
        raise ValidationError(_("主な検証意見を入力するか、元の検証意見を選んでください。"))
    if main is not None and main.pk is not None and main.cycle_id != cycle.pk:
        raise ValidationError(_("別の年度の主な検証意見は変更できません。"))
    return write_versioned(ArticleMainOpinion.objects.select_related("updated_by"), main,
                           {"article": article, "order": order or 0, "opinion": opinion,
                            "text": text}, expected_version, user=user,
                           new=lambda: ArticleMainOpinion(cycle=cycle))


@audited
@transaction.atomic
def delete_main_opinion(main: ArticleMainOpinion, user, *,
                        expected_version: int | None = None) -> None:
    delete_in_open_year(main, user, access.can_edit_main_opinions, expected_version)

