"""Every write of a project (事務事業) from the screens: permission, version, validation,
one transaction. A stale save raises core.concurrency.EditConflict and writes nothing."""

from django.db import transaction

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import write_versioned

from .models import Project

PROJECT_FIELDS = ("name", "group", "position", "section", "articles", "first_fy", "last_fy",
                  "description")


def _projects():
    return Project.objects.select_related("updated_by")


@audited
@transaction.atomic
def save_project(project: Project | None, user, *, expected_version: int | None = None,
                 **values) -> Project:
    """Add a project (project=None) or change it as of the version the form was opened with."""
    access.require(access.can_manage_plan(user))
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    return write_versioned(_projects(), project, values, expected_version, user=user)


@audited
@transaction.atomic
def describe_project(project: Project, user, *, description: str,
                     expected_version: int | None) -> Project:
    """The project description (事業概要): the owning section or the planning division."""
    current = Project.objects.select_related("section").get(pk=project.pk)
    access.require(access.can_edit_project_description(user, current))
    return write_versioned(_projects(), current, {"description": description},
                           expected_version, user=user)
