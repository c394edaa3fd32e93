"""Administrative projects (事務事業), where they sit in each program, and their lineage."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field
from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import circled
from shisaku.plan.models import Node, validate_fy_range


class ProjectQuerySet(models.QuerySet):
    def active_in(self, fy: int):
        return self.filter(
            models.Q(first_fy__isnull=True) | models.Q(first_fy__lte=fy),
            models.Q(last_fy__isnull=True) | models.Q(last_fy__gte=fy),
        )

    def for_sections(self, sections):
        return self.filter(section__in=sections)


class Project(models.Model):
    name = models.CharField(_("事務事業名"), max_length=200)
    group = models.CharField(
        _("関連事業のまとまり"), max_length=100, blank=True,
        help_text=_("報告書でまとめて掲載する場合の名称（例: 工業振興関連事業）"),
    )
    position = models.PositiveSmallIntegerField(
        _("まとまりの中の番号"), null=True, blank=True, help_text=_("①なら1")
    )
    section = models.ForeignKey(
        "city.Section", models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("所管課"),
    )
    articles = models.ManyToManyField(
        "ordinance.Article", related_name="projects", blank=True, verbose_name=_("条例の条文")
    )
    first_fy = FiscalYearField(_("開始年度"), null=True, blank=True, help_text=_("空欄は不明"))
    last_fy = FiscalYearField(_("終了年度"), null=True, blank=True, help_text=_("空欄は継続中"))
    description = models.TextField(_("事業概要"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("事務事業")
        verbose_name_plural = _("事務事業")
        ordering = ["group", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="project_unique_name"),
            models.UniqueConstraint(
                fields=["group", "position"],
                condition=~models.Q(group=""),
                name="project_unique_group_position",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def heading(self) -> str:
        """As the report prints it: 工業振興関連事業 ①ものづくり中小企業経営支援事業."""
        if self.group and self.position:
            return f"{self.group} {circled(self.position)}{self.name}"
        if self.group:
            return f"{self.group} {self.name}"
        return self.name

    def clean(self) -> None:
        validate_fy_range(self.first_fy, self.last_fy)
        if self.position and not self.group:
            raise ValidationError({"group": _("番号を付けるときは関連事業のまとまりも入力してください。")})
        if self.position is not None and not 1 <= self.position <= 20:
            raise ValidationError({"position": _("番号は1から20（①～⑳）で入力してください。")})
        if self.pk and (self.first_fy is not None or self.last_fy is not None):
            for placement in self.placements.select_related("node__program"):
                placement.check_years(self)

    def is_active_in(self, fy: int) -> bool:
        return (self.first_fy is None or self.first_fy <= fy) and (
            self.last_fy is None or fy <= self.last_fy
        )

    @property
    def years_label(self) -> str:
        first = format_fy(self.first_fy) if self.first_fy else ""
        last = format_fy(self.last_fy) if self.last_fy else _("継続中")
        return f"{first}～{last}" if first else str(last)


class Placement(models.Model):
    """Where a project sits in one program's hierarchy (a leaf item: 基本戦略 or 取組項目)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="placements", verbose_name=_("事務事業")
    )
    node = models.ForeignKey(
        Node, models.CASCADE, related_name="placements", verbose_name=_("体系項目")
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("体系上の位置付け")
        verbose_name_plural = _("体系上の位置付け")
        ordering = ["node__program__ordinal", "node__code", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "node"], name="placement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.node}"

    @property
    def program(self):
        return self.node.program

    def clean(self) -> None:
        # In an admin inline the project may be unsaved yet: use the instance, not the id.
        project = self._state.fields_cache.get("project") if self.project_id is None else self.project
        if self.node_id is None or project is None:
            return
        self.node.program.check_editable()
        if not self.node.level.is_leaf_level():
            raise ValidationError(
                {"node": _("事務事業は体系の最下層（%(level)s）の項目に位置付けてください。")
                 % {"level": self.node.program.tree_levels()[-1].name}}
            )
        self.check_years(project)

    def check_years(self, project: Project) -> None:
        program = self.node.program
        starts_after = project.first_fy is not None and project.first_fy > program.last_fy
        ends_before = project.last_fy is not None and project.last_fy < program.first_fy
        if starts_after or ends_before:
            raise ValidationError(
                _("「%(project)s」（%(years)s）は%(program)s（%(first)s～%(last)s）の期間に"
                  "実施されていないため、位置付けられません。")
                % {
                    "project": project.name,
                    "years": project.years_label,
                    "program": program.name,
                    "first": format_fy(program.first_fy),
                    "last": format_fy(program.last_fy),
                }
            )


class LineageEvent(models.Model):
    """A change in a project's identity between fiscal years (統合, 名称変更, ...)."""

    class Kind(models.TextChoices):
        NEW = "new", _("新規")
        RENAMED = "renamed", _("名称変更")
        MERGED = "merged", _("統合")
        SPLIT = "split", _("分割")
        ABOLISHED = "abolished", _("廃止")

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    effective_fy = FiscalYearField(_("適用年度"))
    predecessors = models.ManyToManyField(
        Project, related_name="lineage_out", blank=True, verbose_name=_("変更前の事業")
    )
    successors = models.ManyToManyField(
        Project, related_name="lineage_in", blank=True, verbose_name=_("変更後の事業")
    )
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        verbose_name = _("事業の変遷")
        verbose_name_plural = _("事業の変遷")
        ordering = ["effective_fy", "pk"]

    def __str__(self) -> str:
        return f"{format_fy(self.effective_fy)} {self.get_kind_display()}"
