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


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
