from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shisaku.projects"
    verbose_name = _("事務事業")

    def ready(self) -> None:
        from shisaku.plan.tree import register_placements

        from .placed import placement_counts, placements_in

        register_placements(placements_in, placement_counts)  # the plan tree shows the projects placed on it
