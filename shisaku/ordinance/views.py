from django.db.models import Prefetch
from django.shortcuts import render

from shisaku.accounts.access import ALL_ROLES, role_required

from .models import Article, Ordinance


@role_required(*ALL_ROLES)
def index(request):
    # The projects under each article, through the relation the projects app declares on
    # Article (related_name "projects"): the ordinance sits below the projects app.
    projects = Article._meta.get_field("projects").related_model._default_manager
    ordinances = Ordinance.objects.prefetch_related(
        "articles",
        Prefetch("articles__projects",
                 queryset=projects.select_related("section").order_by("group", "position", "name")),
    )
    return render(request, "ordinance/index.html", {"ordinances": ordinances})
