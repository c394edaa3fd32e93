"""The projects placed in a program, for the plan tree (registered in ``ProjectsConfig.ready``).

Read as values into the tree's light records (``plan.tree``): a scale-10 program places
about 400 projects, and model instances with prefetched articles took a third of the page.
"""

from django.db.models import Count, Q, Window
from django.db.models.functions import RowNumber

from shisaku.plan.tree import TreeArticle, TreePlacement, TreeProject, TreeSection

from .models import Placement, Project


def placement_counts(program) -> dict[int, int]:
    """node pk → how many projects are placed on it (one query)."""
    return dict(Placement.objects.filter(node__program=program).order_by()
                .values_list("node_id").annotate(n=Count("pk")).values_list("node_id", "n"))


def placements_in(program, nodes=None, per_node: int | None = None,
                  whole: int | None = None) -> list[tuple[int, TreePlacement]]:
    """(node pk, placement) in the page's order, on `nodes` (pks) only when given, at most
    `per_node` on each node but `whole`; a project placed twice is one record."""
    projects: dict[int, TreeProject] = {}
    sections: dict[int, TreeSection] = {}
    placed = []
    where = Placement.objects.filter(node__program=program)
    if nodes is not None:
        where = where.filter(node_id__in=list(nodes))
    order = ("order", "project__name", "pk")
    if per_node is not None:
        where = where.annotate(rank=Window(RowNumber(), partition_by="node_id",
                                           order_by=list(order)))
        where = where.filter(Q(rank__lte=per_node) | Q(node_id=whole))
    for node_id, project_id, name, section_id, section_name in (
        where
        .order_by(*order)
        .values_list("node_id", "project_id", "project__name", "project__section_id",
                     "project__section__name")
    ):
        project = projects.get(project_id)
        if project is None:
            section = None
            if section_id is not None:
                section = sections.get(section_id)
                if section is None:
                    section = sections[section_id] = TreeSection(section_id, section_name)
            project = projects[project_id] = TreeProject(project_id, name, section)
        placed.append((node_id, TreePlacement(project)))
    articles: dict[int, TreeArticle] = {}
    seen = set()
    for project_id, article_id, number in (
        Project.articles.through.objects.filter(project_id__in=list(projects))
        .order_by("article")  # Article's ordering, as the prefetch of project.articles
        .values_list("project_id", "article_id", "article__number")
    ):
        if (project_id, article_id) in seen:  # a project placed twice joins twice
            continue
        seen.add((project_id, article_id))
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = TreeArticle(article_id, number)
        projects[project_id].listed_articles.append(article)
    return placed
