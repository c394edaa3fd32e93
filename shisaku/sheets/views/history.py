"""The history of one sheet (any year): its revisions, and two of them side by side."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from shisaku.accounts import access
from shisaku.accounts.access import role_required
from shisaku.accounts.models import Role

from ..history import compare, revisions
from ..models import Sheet


def _number(text, found, default: int) -> int:
    try:
        number = int(text)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < len(found) else default


@role_required(Role.PLANNING_ADMIN, Role.SECTION_EDITOR)
@require_GET
def sheet_history(request, pk):
    sheet = get_object_or_404(Sheet.objects.select_related("cycle", "project", "corrects"), pk=pk)
    # Staff names and return comments: the planning division and the owning section only.
    if not access.can_read_sheet_history(request.user, sheet):
        raise PermissionDenied
    found = revisions(sheet)
    latest = len(found) - 1
    newer = _number(request.GET.get("b"), found, latest)
    older = _number(request.GET.get("a"), found, max(newer - 1, 0))
    older, newer = sorted((older, newer))
    return render(request, "sheets/history.html", {
        "sheet": sheet, "revisions": list(reversed(found)), "older": found[older],
        "newer": found[newer], "differences": compare(found, older, newer),
        "corrected_by": Sheet.objects.filter(corrects=sheet).first(),
    })
