from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    """The program turn: drafting program N+1 from program N (stages, schedule, mapping of
    the projects, adoption). Its records live in plan (Program.stage, Milestone,
    ProjectMapping); this app sits above projects, sheets and reports, which it reads."""

    name = "shisaku.drafting"
    verbose_name = _("実行プログラムの策定")
