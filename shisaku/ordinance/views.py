from django.db.models import Prefetch
from django.shortcuts import render

from shisaku.accounts.access import ALL_ROLES, role_required
from shisaku.projects.models import Project

from .models import Ordinance


@role_required(*ALL_ROLES)
def index(request):
    projects = Project.objects.select_related("section").order_by("group", "position", "name")
    ordinances = Ordinance.objects.prefetch_related(
        "articles", Prefetch("articles__projects", queryset=projects)
    )
    return render(request, "ordinance/index.html", {"ordinances": ordinances})
