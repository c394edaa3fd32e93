"""The industrial-promotion plan, its execution programs and each program's hierarchy.

A plan spans many fiscal years; its execution programs tile that span without
overlapping. Each program has its own level schema: programs 1-3 use
政策 → 施策 → 基本戦略, program 4 uses 基本施策 → 取組項目 with ポイント beside
the tree (a side level) informing the basic policies.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field
from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_date, format_fy


def validate_fy_range(first: int | None, last: int | None, *, field: str = "last_fy") -> None:
    if first is not None and last is not None and first > last:
        raise ValidationError(
            {field: _("終了年度（%(last)s）が開始年度（%(first)s）より前になっています。")
             % {"first": format_fy(first), "last": format_fy(last)}}
        )


class Plan(models.Model):
    name = models.CharField(_("計画名"), max_length=200)
    first_fy = FiscalYearField(_("開始年度"))
    last_fy = FiscalYearField(_("終了年度"))
    vision = models.TextField(_("めざす姿"), blank=True)
    vision_note = models.TextField(_("めざす姿の考え方"), blank=True)
    # The summary (概要版) prints these under 策定にあたって (seed 000 1-1, 1-2 (1)).
    purpose = models.TextField(_("策定趣旨"), blank=True,
                               help_text=_("計画を策定する理由と目的。概要版の「策定趣旨」に載ります。"))
    position = models.TextField(_("計画の位置づけ"), blank=True,
                                help_text=_("上位計画・条例との関係。概要版の「位置づけ」に載ります。"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["first_fy"]

    def __str__(self) -> str:
        return f"{self.name}（{self.first_fy}～{self.last_fy}）"

    def clean(self) -> None:
        validate_fy_range(self.first_fy, self.last_fy)
        if self.first_fy is None or self.last_fy is None:
            return
        overlapping = Plan.objects.exclude(pk=self.pk).filter(
            first_fy__lte=self.last_fy, last_fy__gte=self.first_fy
        )
        if overlapping.exists():
            raise ValidationError(
                _("計画期間が「%(other)s」と重なっています。") % {"other": overlapping.first().name}
            )
        if self.pk:
            outside = self.programs.filter(
                models.Q(first_fy__lt=self.first_fy) | models.Q(last_fy__gt=self.last_fy)
            )
            if outside.exists():
                raise ValidationError(
                    _("第%(n)s期実行プログラムが計画期間の外に出てしまいます。")
                    % {"n": outside.first().ordinal}
                )

    def covers(self, fy: int) -> bool:
        return self.first_fy <= fy <= self.last_fy


class VisionState(models.Model):
    """めざす姿が実現している状態: the concrete states that show the vision is reached."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="vision_states")
    order = models.PositiveSmallIntegerField(_("番号"))
    text = models.TextField(_("実現している状態"))

    class Meta:
        verbose_name = _("めざす姿が実現している状態")
        verbose_name_plural = _("めざす姿が実現している状態")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="vision_state_unique_order")
        ]

    def __str__(self) -> str:
        return self.text


class ProgramQuerySet(models.QuerySet):
    def covering(self, fy: int):
        return self.filter(first_fy__lte=fy, last_fy__gte=fy)

    def adopted(self):
        """Programs the city has adopted (策定): a draft is not the city's yet."""
        return self.filter(stage=Program.Stage.ADOPTED)

    def drafts(self):
        return self.exclude(stage=Program.Stage.ADOPTED)


class Program(models.Model):
    """実行プログラム: a multi-year slice of the plan, tied to a comprehensive-plan period.

    A new program is drafted in stages (基本的考え方 → 素案 → 案 → 策定, see drafting.services).
    Programs entered as they stand (the plan's earlier programs) are adopted from the start.
    """

    class Stage(models.TextChoices):
        BASIC_APPROACH = "basic_approach", _("基本的考え方")
        OUTLINE = "outline", _("素案")
        PROPOSAL = "proposal", _("案")
        ADOPTED = "adopted", _("策定")

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="programs", verbose_name=_("計画"))
    ordinal = models.PositiveSmallIntegerField(_("期"), unique=True)
    first_fy = FiscalYearField(_("開始年度"))
    last_fy = FiscalYearField(_("終了年度"))
    comprehensive_plan_period = models.CharField(
        _("対応する総合計画の実施計画"), max_length=100, blank=True,
        help_text=_("例: 総合計画第4期実施計画"),
    )
    description = models.TextField(_("概要"), blank=True)
    stage = models.CharField(_("策定段階"), max_length=20, choices=Stage.choices,
                             default=Stage.ADOPTED, editable=False)
    adopted_on = models.DateField(
        _("策定日"), null=True, blank=True, editable=False,
        help_text=_("策定の手続で策定した日。以後、体系と移行は確定です。"),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("実行プログラム")
        verbose_name_plural = _("実行プログラム")
        ordering = ["ordinal"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"第{self.ordinal}期実行プログラム"

    def clean(self) -> None:
        validate_fy_range(self.first_fy, self.last_fy)
        if self.first_fy is None or self.last_fy is None or self.plan_id is None:
            return
        plan = self.plan
        if self.first_fy < plan.first_fy or self.last_fy > plan.last_fy:
            raise ValidationError(
                _("実行プログラムの期間は計画期間（%(first)s～%(last)s）の中に収めてください。")
                % {"first": format_fy(plan.first_fy), "last": format_fy(plan.last_fy)}
            )
        overlapping = (
            Program.objects.filter(plan=plan)
            .exclude(pk=self.pk)
            .filter(first_fy__lte=self.last_fy, last_fy__gte=self.first_fy)
            .first()
        )
        if overlapping:
            raise ValidationError(
                _("期間が%(other)s（%(first)s～%(last)s）と重なっています。")
                % {
                    "other": overlapping.name,
                    "first": format_fy(overlapping.first_fy),
                    "last": format_fy(overlapping.last_fy),
                }
            )

    def covers(self, fy: int) -> bool:
        return self.first_fy <= fy <= self.last_fy

    @property
    def is_draft(self) -> bool:
        return self.stage != self.Stage.ADOPTED

    @property
    def is_final(self) -> bool:
        """Adopted through the drafting procedure: its hierarchy and placements are final.
        (Programs entered as adopted, without a drafting record, stay correctable.)"""
        return self.stage == self.Stage.ADOPTED and self.adopted_on is not None

    def check_editable(self) -> None:
        if self.is_final:
            raise ValidationError(
                _("%(name)sは策定済みのため、体系と位置付けは変更できません。") % {"name": self.name}
            )

    def previous(self) -> "Program | None":
        return Program.objects.filter(ordinal=self.ordinal - 1).first()

    def tree_levels(self) -> list["Level"]:
        return [level for level in self.levels.all() if level.in_tree]


class Level(models.Model):
    """One level of a program's hierarchy (政策, 施策, 基本戦略, ポイント, ...)."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("順序"))
    name = models.CharField(_("階層名"), max_length=50)
    in_tree = models.BooleanField(
        _("体系の階層"), default=True,
        help_text=_("オフにすると体系の外に並ぶ観点（例: 6つのポイント）になります。"),
    )

    class Meta:
        verbose_name = _("階層")
        verbose_name_plural = _("階層")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="level_unique_order"),
            models.UniqueConstraint(fields=["program", "name"], name="level_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.name}"

    def clean(self) -> None:
        if self.program_id is not None:
            self.program.check_editable()

    def tree_depth(self) -> int | None:
        """0 for the top tree level, None for a side level."""
        if not self.in_tree:
            return None
        return self.program.levels.filter(in_tree=True, order__lt=self.order).count()

    def is_leaf_level(self) -> bool:
        return self.in_tree and not self.program.levels.filter(
            in_tree=True, order__gt=self.order
        ).exists()


class Node(models.Model):
    program = models.ForeignKey(
        Program, models.CASCADE, related_name="nodes", verbose_name=_("実行プログラム")
    )
    level = models.ForeignKey(Level, models.PROTECT, related_name="nodes", verbose_name=_("階層"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("上位"),
    )
    code = models.CharField(_("番号"), max_length=50, help_text=_("例: 3-3-1、基本施策2 (1)"))
    title = models.CharField(_("名称"), max_length=200)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    description = models.TextField(_("説明"), blank=True)
    other_bureau = models.BooleanField(
        _("他局の取組（※）"), default=False, help_text=_("経済労働局以外が所管する項目")
    )
    informs = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="informed_by",
        verbose_name=_("関連する基本施策"),
        help_text=_("ポイントなど体系外の項目が、どの体系項目に反映されるか"),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    class Meta:
        verbose_name = _("体系項目")
        verbose_name_plural = _("体系項目")
        ordering = ["program", "level__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="node_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def clean(self) -> None:
        if self.level_id is None or self.program_id is None:
            return
        self.program.check_editable()
        level = self.level
        if level.program_id != self.program_id:
            raise ValidationError({"level": _("階層は同じ実行プログラムのものを選んでください。")})
        depth = level.tree_depth()
        if depth is None:
            if self.parent_id:
                raise ValidationError(
                    {"parent": _("「%(level)s」は体系の外の項目なので上位を持てません。")
                     % {"level": level.name}}
                )
            return
        if depth == 0:
            if self.parent_id:
                raise ValidationError(
                    {"parent": _("最上位の階層「%(level)s」に上位は指定できません。")
                     % {"level": level.name}}
                )
            return
        parent = self.parent
        if parent is None:
            raise ValidationError({"parent": _("上位の項目を選んでください。")})
        if parent.program_id != self.program_id:
            raise ValidationError({"parent": _("上位は同じ実行プログラムの項目を選んでください。")})
        if parent.level.tree_depth() != depth - 1:
            raise ValidationError(
                {"parent": _("「%(level)s」の上位は一つ上の階層の項目でなければなりません。")
                 % {"level": level.name}}
            )

    def ancestors(self) -> list["Node"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


def validate_informs(source: Node, targets) -> None:
    """Only a side-level item (ポイント) informs tree items of the same program."""
    targets = list(targets)
    if not targets:
        return
    if source.level.in_tree:
        raise ValidationError(_("関連付けは体系外の項目（ポイントなど）からのみ設定できます。"))
    for target in targets:
        if target.program_id != source.program_id or not target.level.in_tree:
            raise ValidationError(
                _("「%(target)s」は同じ実行プログラムの体系項目ではありません。")
                % {"target": target}
            )


class Milestone(models.Model):
    """One step of a draft program's schedule (策定スケジュール) and whom it is reported to."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", _("議会（委員会）")
        COUNCIL = "council", _("議会（定例会）")
        PROMOTION_COUNCIL = "promotion_council", _("産業振興協議会")
        PUBLIC = "public", _("市民（パブリックコメント）")

    program = models.ForeignKey(Program, models.CASCADE, related_name="milestones",
                                verbose_name=_("実行プログラム"))
    order = models.PositiveSmallIntegerField(_("順序"))
    title = models.CharField(_("内容"), max_length=100)
    stage = models.CharField(_("策定段階"), max_length=20, choices=Program.Stage.choices,
                             blank=True)
    starts_on = models.DateField(_("開始"))
    ends_on = models.DateField(_("終了"), null=True, blank=True)
    reported_to = models.CharField(_("報告先"), max_length=200, blank=True,
                                   help_text=_("例: 議会（委員会）、産業振興協議会"))

    class Meta:
        verbose_name = _("策定スケジュール")
        verbose_name_plural = _("策定スケジュール")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="milestone_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {self.title}"

    @property
    def period_label(self) -> str:
        """令和7年8月, or 令和7年11月～令和7年12月 when it spans months."""
        first = format_date(self.starts_on, "month")
        if self.ends_on is None or (self.ends_on.year, self.ends_on.month) == (
                self.starts_on.year, self.starts_on.month):
            return first
        return f"{first}～{format_date(self.ends_on, 'month')}"

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("終了が開始より前になっています。")})


class ProjectMapping(models.Model):
    """What becomes of one project of the previous program in a draft program (移行).

    Written as a whole table by drafting.services.save_mappings; applied on adoption (placements,
    lineage events, end years). A new project of the draft program has no `project`.
    """

    class Kind(models.TextChoices):
        CONTINUING = "continuing", _("継続")
        RENAMED = "renamed", _("名称変更")
        MERGED = "merged", _("統合")
        ABOLISHED = "abolished", _("廃止")
        NEW = "new", _("新規")

    program = models.ForeignKey(Program, models.CASCADE, related_name="mappings",
                                verbose_name=_("実行プログラム"))
    project = models.ForeignKey("projects.Project", models.CASCADE, null=True, blank=True,
                                related_name="mappings", verbose_name=_("前期の事務事業"))
    kind = models.CharField(_("移行の種別"), max_length=20, choices=Kind.choices)
    node = models.ForeignKey(Node, models.CASCADE, null=True, blank=True, related_name="mappings",
                             verbose_name=_("新たな体系項目"))
    new_name = models.CharField(_("新しい事業名"), max_length=200, blank=True)
    merge_into = models.ForeignKey("projects.Project", models.CASCADE, null=True, blank=True,
                                   related_name="+", verbose_name=_("統合先の事業"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("事務事業の移行")
        verbose_name_plural = _("事務事業の移行")
        ordering = ["program", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "project"],
                                    condition=models.Q(project__isnull=False),
                                    name="mapping_unique_project"),
        ]

    def __str__(self) -> str:
        name = self.project.name if self.project_id else self.new_name
        return f"{name} {self.get_kind_display()}"
