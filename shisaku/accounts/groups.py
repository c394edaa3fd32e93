"""Role groups and their model permissions, kept in place after every migrate."""

from django.contrib.auth.models import Group, Permission

from .models import GROUP_NAMES, Role

# Planning admins maintain all master data in the admin site.
PLANNING_APPS = ["accounts", "city", "ordinance", "plan", "projects", "sheets", "verification", "stats", "reports",
                 "jobs", "api", "search", "notices", "consultation"]


def ensure_role_groups(**kwargs) -> None:
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role == Role.PLANNING_ADMIN:
            perms = Permission.objects.filter(content_type__app_label__in=PLANNING_APPS)
            group.permissions.set(perms)
