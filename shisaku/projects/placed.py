"""The projects placed in a program, for the plan tree (registered in ``ProjectsConfig.ready``)."""

from django.db.models import Prefetch, QuerySet

from .models import Placement


def placements_in(program) -> QuerySet[Placement]:
    """The placements of `program`'s nodes with their project, section and articles."""
    return (
        Placement.objects.filter(node__program=program)
        .select_related("project__section")
        # Into a plain list (project.listed_articles): hundreds of projects would otherwise
        # each get a related manager's queryset to hold their one or two articles.
        .prefetch_related(Prefetch("project__articles", to_attr="listed_articles"))
        .order_by("order", "project__name")
    )
