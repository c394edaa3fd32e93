"""Home page: one entry point, content by role (the public portal for a visitor)."""

from django.db.models import Count
from django.shortcuts import render

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.city.models import CitySettings
from shisaku.ordinance.models import Article
from shisaku.plan.models import Plan
from shisaku.projects.models import Project
from shisaku.todo.council import council_todo
from shisaku.todo.planning import planning_todo
from shisaku.todo.section import section_todo


def home(request):
    """The site root: the public portal for a visitor, the role's home once signed in."""
    if not request.user.is_authenticated:
        from shisaku.portal.views import home as portal_home

        return portal_home(request)
    return staff_home(request)


@role_required(*ALL_ROLES)
def staff_home(request):
    """Each role's home is its to-do list (shisaku.todo), every item a link to where it is done."""
    user = request.user
    context = {"city": CitySettings.current(), "role": Role(user.role)}
    if user.is_planning_admin:
        context["plans"] = Plan.objects.prefetch_related("programs")
        context["counts"] = {
            "unassigned": Project.objects.filter(section__isnull=True).count(),
            "unplaced": Project.objects.filter(placements__isnull=True).count(),
        }
        context["years"] = planning_todo()
        template = "home/home_planning.html"
    elif user.is_section_editor:
        sections = user.sections.select_related("bureau")
        context["sections"] = sections
        context["todo"] = section_todo(sections)
        template = "home/home_section.html"
    else:
        context["plans"] = Plan.objects.prefetch_related("programs")
        if user.role == Role.COUNCIL_MEMBER:
            context["todo"] = council_todo(user)
        context["articles"] = (
            Article.objects.measures().annotate(project_count=Count("projects")).order_by("number")
        )
        template = "home/home_reader.html"
    return render(request, template, context)
