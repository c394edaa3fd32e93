"""The one place that decides who may read and write what.

Every view declares its rule through `role_required` or one of the `can_*`
checks below, so a page's permission is visible at its top and the role × URL
matrix test can walk every page.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Role

ALL_ROLES = tuple(Role)
STAFF_ROLES = (Role.PLANNING_ADMIN, Role.SECTION_EDITOR)


def has_role(user, *roles: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in roles


def role_required(*roles: Role):
    """Anonymous users go to the login page; a logged-in user of another role gets 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def can_manage_plan(user) -> bool:
    """Plan, programs, hierarchy, projects' placement and lineage: planning division only."""
    return has_role(user, Role.PLANNING_ADMIN)


def can_edit_project_description(user, project) -> bool:
    """Planning admins edit any project; a section editor only their own sections' projects."""
    if can_manage_plan(user):
        return True
    if not has_role(user, Role.SECTION_EDITOR) or project.section_id is None:
        return False
    return user.sections.filter(pk=project.section_id).exists()


def can_unlock_sign_in(user) -> bool:
    """Lifting a sign-in lockout: the planning division."""
    return can_manage_plan(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- yearly sheets -------------------------------------------------------------------------

def _owns(user, project) -> bool:
    if project.section_id is None:
        return False
    ids = getattr(user, "_section_ids", None)
    if ids is None:
        ids = set(user.sections.values_list("pk", flat=True))
        user._section_ids = ids  # one query per request, not per sheet
    return project.section_id in ids


def is_staff_for(user, project) -> bool:
    """The planning division, or a section editor of the project's own section."""
    if can_manage_plan(user):
        return True
    return has_role(user, Role.SECTION_EDITOR) and _owns(user, project)


# Who reads a yearly sheet (and so its texts, its figures and its opinions):
# - the planning division and the owning section: every state, with its return comment and
#   change history;
# - another section's editor: what was handed in (提出・確認済) and what is published;
# - a council member: the submitted and confirmed sheets of the projects under verification
#   (検証対象) in a year being verified (検証中, or 確定 until it is published), and every
#   published sheet;
# - a viewer: published sheets only.
# Drafts (下書き), returned sheets (差戻し) and unpublished corrections stay with the planning
# division and the owning section.
# (Sheet.State and Cycle.Status values; named here so access.py imports no sheets module.)
HANDED_IN_STATES = ("submitted", "confirmed")
VERIFYING_STATUSES = ("verifying", "settled")


def can_read_sheet(user, sheet) -> bool:
    if not has_role(user, *ALL_ROLES):
        return False
    if is_staff_for(user, sheet.project):
        return True
    if sheet.state == "published":
        return True
    if has_role(user, Role.SECTION_EDITOR):
        return sheet.state in HANDED_IN_STATES
    if has_role(user, Role.COUNCIL_MEMBER):
        return (sheet.verified and sheet.state in HANDED_IN_STATES
                and sheet.cycle.status in VERIFYING_STATUSES)
    return False


def sheet_refusal(user, sheet) -> str:
    """Why this user may not read this sheet, in Japanese, for the 403 page."""
    from django.utils.translation import gettext as _

    if has_role(user, Role.COUNCIL_MEMBER):
        return _("このシートは閲覧できません。協議会委員が閲覧できるのは、検証中の年度の検証対象事業の"
                 "提出済・確認済のシートと、公表済のシートです。")
    if has_role(user, Role.SECTION_EDITOR):
        return _("このシートは閲覧できません。他の課のシートは提出後に閲覧できます（下書き・差戻し中の"
                 "シートは所管課と企画課だけが閲覧できます）。")
    return _("このシートは公表前のため閲覧できません。閲覧者が閲覧できるのは公表済の年度のシートです。")


def require_sheet_reader(user, sheet) -> None:
    if not can_read_sheet(user, sheet):
        raise PermissionDenied(sheet_refusal(user, sheet))


def can_read_sheet_history(user, sheet) -> bool:
    """The change history (with staff names) and the return comment: the planning division and
    the owning section only."""
    return is_staff_for(user, sheet.project)


def readable_sheets(user, sheets):
    """`sheets` narrowed to those `can_read_sheet` allows: the same rule as one query."""
    from django.db.models import Q

    if can_manage_plan(user):
        return sheets
    if not has_role(user, *ALL_ROLES):
        return sheets.none()
    rule = Q(state="published")
    if has_role(user, Role.SECTION_EDITOR):
        rule |= Q(project__section__in=user.sections.all()) | Q(state__in=HANDED_IN_STATES)
    elif has_role(user, Role.COUNCIL_MEMBER):
        rule |= Q(verified=True, state__in=HANDED_IN_STATES,
                  cycle__status__in=VERIFYING_STATUSES)
    return sheets.filter(rule)


def can_read_year(user, cycle) -> bool:
    """A year's opinions, main opinions, meetings and overviews: staff always; a council member
    once the year is being verified; a viewer once it is published."""
    if has_role(user, *STAFF_ROLES):
        return True
    if has_role(user, Role.COUNCIL_MEMBER):
        return cycle.status in VERIFYING_STATUSES + ("published",)
    return has_role(user, Role.VIEWER) and cycle.status == "published"


def can_read_meetings(user, cycle) -> bool:
    """A year's meetings: as its other records, except that council members see the meetings
    they are called to in every year (their own schedule, before verification starts)."""
    return can_read_year(user, cycle) or has_role(user, Role.COUNCIL_MEMBER)


def readable_year_statuses(user) -> tuple[str, ...] | None:
    """Cycle statuses whose year-level records this user reads; None: every status."""
    if has_role(user, *STAFF_ROLES):
        return None
    if has_role(user, Role.COUNCIL_MEMBER):
        return VERIFYING_STATUSES + ("published",)
    if has_role(user, Role.VIEWER):
        return ("published",)
    return ()


def can_edit_sheet(user, sheet) -> bool:
    """Sections write their own sheets while 下書き/差戻し; planning writes any until published."""
    if sheet.is_published or hasattr_corrected(sheet):
        return False
    if sheet.cycle.is_published:
        # Only a correction (a new revision of a published sheet) is written after publication.
        return sheet.corrects_id is not None and can_manage_plan(user)
    if can_manage_plan(user):
        return True
    return has_role(user, Role.SECTION_EDITOR) and sheet.is_editable_state and _owns(
        user, sheet.project
    )


def can_submit_sheet(user, sheet) -> bool:
    return sheet.is_editable_state and can_edit_sheet(user, sheet)


def can_review_sheet(user, sheet) -> bool:
    """Return with a comment, or confirm: planning division only."""
    if not can_manage_plan(user) or sheet.is_published:
        return False
    return not sheet.cycle.is_published or sheet.corrects_id is not None


def can_manage_cycle(user) -> bool:
    return can_manage_plan(user)


def hasattr_corrected(sheet) -> bool:
    """A superseded revision is history: it is never written again."""
    try:
        return sheet.corrected_by is not None
    except sheet.__class__.corrected_by.RelatedObjectDoesNotExist:
        return False


# --- verification: opinions (Check), responses (Action), follow-ups ---------------------------

def active_member(user, day=None):
    """The committee member behind this login, if their term covers `day` (default today)."""
    from django.utils import timezone

    member = getattr(user, "member", None) if user.is_authenticated else None
    if member is None:
        return None
    day = day or timezone.localdate()
    return member if member.memberships.active_on(day).exists() else None


def is_frozen(cycle) -> bool:
    """A published year is final: only the correction procedure writes to it."""
    return cycle is not None and cycle.status == cycle.Status.PUBLISHED


def can_write_opinions(user, cycle) -> bool:
    """Council members in their term, and the planning division transcribing a meeting,
    while the cycle is 検証中."""
    if cycle.status != cycle.Status.VERIFYING:
        return False
    if can_manage_plan(user):
        return True
    return has_role(user, Role.COUNCIL_MEMBER) and active_member(user) is not None


def can_change_opinion(user, opinion) -> bool:
    if not can_write_opinions(user, opinion.cycle):
        return False
    return can_manage_plan(user) or opinion.author_id == user.pk


def _owns_opinion(user, opinion) -> bool:
    if opinion.scope == "sheet" and opinion.sheet_id:
        return _owns(user, opinion.sheet.project)
    if opinion.scope == "group":
        # One query per group and request, not per opinion on the page.
        groups = getattr(user, "_owned_groups", None)
        if groups is None:
            # Through the user's own sections (accounts sits below the projects app).
            groups = {group for group in user.sections.values_list("projects__group", flat=True)
                      if group}
            user._owned_groups = groups
        return opinion.group in groups
    return False  # article- and cycle-wide opinions are answered by the planning division


def can_respond(user, opinion) -> bool:
    """The owning section answers (planning may too) until the cycle is settled."""
    if opinion.cycle.status not in (opinion.cycle.Status.VERIFYING, opinion.cycle.Status.SETTLED):
        return False
    if can_manage_plan(user):
        return True
    return has_role(user, Role.SECTION_EDITOR) and _owns_opinion(user, opinion)


def can_follow_up(user, response, cycle) -> bool:
    """Next year's cycle records whether the response was carried out; never into a
    published year."""
    if is_frozen(cycle) or cycle.fiscal_year <= response.opinion.cycle.fiscal_year:
        return False
    if can_manage_plan(user):
        return True
    return has_role(user, Role.SECTION_EDITOR) and _owns_opinion(user, response.opinion)


def can_manage_verification(user) -> bool:
    """Committees, members, meetings, selection of verified projects, main opinions, the gate."""
    return can_manage_plan(user)


def can_edit_meetings(user, cycle) -> bool:
    """Meetings of a year: the planning division, until the year is published."""
    return can_manage_verification(user) and not is_frozen(cycle)


def can_edit_main_opinions(user, cycle) -> bool:
    """条文ごとの主な検証意見 of a year: the planning division, until the year is published."""
    return can_manage_verification(user) and not is_frozen(cycle)


# --- public comment (意見公募) -------------------------------------------------------------------

def can_manage_consultation(user) -> bool:
    """A public comment's period, the opinions entered from letters, their classification, the
    city's view and the published result: the planning division. Opinions and the senders'
    personal data are read by it alone."""
    return can_manage_plan(user)
