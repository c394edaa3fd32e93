"""Home page: one entry point, content by role (the public portal for a visitor)."""

from django.db.models import Count
from django.shortcuts import render

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.accounts.models import Role
from shisaku.city.models import CitySettings
from shisaku.ordinance.models import Article
from shisaku.plan.models import Plan, Program
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle, Sheet


def home(request):
    """The site root: the public portal for a visitor, the role's home once signed in."""
    if not request.user.is_authenticated:
        from shisaku.portal.views import home as portal_home

        return portal_home(request)
    return staff_home(request)


@role_required(*ALL_ROLES)
def staff_home(request):
    user = request.user
    context = {
        "city": CitySettings.current(),
        "plans": Plan.objects.prefetch_related("programs"),
        "role": Role(user.role),
    }
    if user.is_planning_admin:
        context["counts"] = {
            "programs": Program.objects.count(),
            "projects": Project.objects.count(),
            "unassigned": Project.objects.filter(section__isnull=True).count(),
            "unplaced": Project.objects.filter(placements__isnull=True).count(),
        }
        context["cycles"] = Cycle.objects.all()[:5]
        template = "core/home_planning.html"
    elif user.is_section_editor:
        sections = user.sections.select_related("bureau")
        context["sections"] = sections
        context["projects"] = (
            Project.objects.for_sections(sections)
            .select_related("section")
            .prefetch_related("articles")
        )
        context["open_sheets"] = (
            Sheet.objects.current().for_sections(sections)
            .filter(state__in=[Sheet.State.DRAFT, Sheet.State.RETURNED])
            .exclude(cycle__status=Cycle.Status.PUBLISHED).count()
        )
        template = "core/home_section.html"
    else:
        context["articles"] = (
            Article.objects.measures().annotate(project_count=Count("projects")).order_by("number")
        )
        template = "core/home_reader.html"
    return render(request, template, context)
