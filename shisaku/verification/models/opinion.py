"""Check and Action: the council's numbered opinions and the sections' numbered responses.

An opinion is attached to one sheet, a group of related projects (関連事業), an
article, or the cycle as a whole; it is numbered ①②③ within that scope, and
the numbers are recomputed (never duplicated, never gapped) when one is removed.
Each opinion gets exactly one response, which shares its number; next year, each
response gets a follow-up.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field
from shisaku.core.fields import FiscalYearField
from shisaku.lib.textnorm import circled


class OpinionQuerySet(models.QuerySet):
    def unanswered(self):
        """Opinions still without their response: NOT EXISTS, which PostgreSQL plans as an
        anti-join, where `response__isnull=True` (LEFT JOIN … IS NULL) is misestimated as
        one row (see SheetQuerySet.current)."""
        return self.filter(~models.Exists(Response.objects.filter(opinion=models.OuterRef("pk"))))


class ResponseQuerySet(models.QuerySet):
    def awaiting_follow_up(self):
        """Responses whose follow-up is not written yet (NOT EXISTS, as above)."""
        return self.filter(~models.Exists(FollowUp.objects.filter(response=models.OuterRef("pk"))))


class Opinion(models.Model):
    class Scope(models.TextChoices):
        SHEET = "sheet", _("事業シート")
        GROUP = "group", _("関連事業")
        ARTICLE = "article", _("条文")
        CYCLE = "cycle", _("施策全体")

    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="opinions",
                              verbose_name=_("年度サイクル"))
    scope = models.CharField(_("対象の範囲"), max_length=10, choices=Scope.choices,
                             default=Scope.SHEET)
    sheet = models.ForeignKey("sheets.Sheet", models.PROTECT, null=True, blank=True,
                              related_name="opinions", verbose_name=_("事業シート"))
    group = models.CharField(_("関連事業"), max_length=100, blank=True)
    article = models.ForeignKey("ordinance.Article", models.PROTECT, null=True, blank=True,
                                related_name="opinions", verbose_name=_("条文"))
    number = models.PositiveSmallIntegerField(_("番号"), editable=False)
    text = models.TextField(_("意見"))
    committee = models.ForeignKey("verification.Committee", models.PROTECT, null=True,
                                  blank=True, related_name="opinions", verbose_name=_("会議体"))
    meeting = models.ForeignKey("verification.Meeting", models.SET_NULL, null=True, blank=True,
                                related_name="opinions", verbose_name=_("会議"))
    themes = models.JSONField(_("テーマ"), default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記入者"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    created_at = models.DateTimeField(_("記入日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = version_field()

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("検証意見")
        verbose_name_plural = _("検証意見")
        ordering = ["cycle", "scope", "sheet", "group", "article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], condition=models.Q(scope="sheet"),
                                    name="opinion_number_per_sheet"),
            models.UniqueConstraint(fields=["cycle", "group", "number"],
                                    condition=models.Q(scope="group"),
                                    name="opinion_number_per_group"),
            models.UniqueConstraint(fields=["cycle", "article", "number"],
                                    condition=models.Q(scope="article"),
                                    name="opinion_number_per_article"),
            models.UniqueConstraint(fields=["cycle", "number"], condition=models.Q(scope="cycle"),
                                    name="opinion_number_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:30]}"

    @property
    def label(self) -> str:
        return circled(self.number) if self.number and self.number <= 20 else f"({self.number})"

    @property
    def target_label(self) -> str:
        if self.scope == self.Scope.SHEET and self.sheet is not None:
            return self.sheet.project.heading
        if self.scope == self.Scope.GROUP:
            return self.group
        if self.scope == self.Scope.ARTICLE and self.article_id:
            return str(self.article)
        return str(_("施策全体"))

    def siblings(self):
        """The opinions numbered together with this one."""
        same = Opinion.objects.filter(cycle_id=self.cycle_id, scope=self.scope)
        if self.scope == self.Scope.SHEET:
            return same.filter(sheet_id=self.sheet_id)
        if self.scope == self.Scope.GROUP:
            return same.filter(group=self.group)
        if self.scope == self.Scope.ARTICLE:
            return same.filter(article_id=self.article_id)
        return same


class Response(models.Model):
    class Classification(models.TextChoices):
        REFLECTED = "reflected", _("反映済")
        PLANNED = "planned", _("反映予定")
        ALREADY = "already", _("既に実施")
        CONSIDER = "consider", _("今後検討")
        DIFFICULT = "difficult", _("対応困難")

    opinion = models.OneToOneField(Opinion, models.CASCADE, related_name="response",
                                   verbose_name=_("検証意見"))
    text = models.TextField(_("対応"))
    classification = models.CharField(_("分類"), max_length=20, choices=Classification.choices)
    section = models.ForeignKey("city.Section", models.PROTECT, null=True, blank=True,
                                related_name="responses", verbose_name=_("所管課"))
    effective_fy = FiscalYearField(_("反映する年度"), null=True, blank=True)
    plan_items = models.JSONField(_("反映する実施計画の項目"), default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記入者"))
    created_at = models.DateTimeField(_("記入日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = version_field()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("対応")
        verbose_name_plural = _("対応")
        ordering = ["opinion"]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:30]}"

    @property
    def number(self) -> int:
        return self.opinion.number

    @property
    def label(self) -> str:
        return self.opinion.label


class FollowUp(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("実施済")
        PARTIAL = "partial", _("一部実施")
        NOT_DONE = "not_done", _("未実施")

    response = models.OneToOneField(Response, models.CASCADE, related_name="follow_up",
                                    verbose_name=_("対応"))
    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="follow_ups",
                              verbose_name=_("確認した年度"))
    status = models.CharField(_("実施状況"), max_length=20, choices=Status.choices)
    note = models.TextField(_("説明"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("記入者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("フォローアップ")
        verbose_name_plural = _("フォローアップ")

    def __str__(self) -> str:
        return f"{self.response.label} {self.get_status_display()}"


class ArticleMainOpinion(models.Model):
    """A line of the report's table 条文ごとの主な検証意見: chosen from the sheets or written."""

    cycle = models.ForeignKey("sheets.Cycle", models.CASCADE, related_name="main_opinions",
                              verbose_name=_("年度サイクル"))
    article = models.ForeignKey("ordinance.Article", models.PROTECT,
                                related_name="main_opinions", verbose_name=_("条文"))
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    opinion = models.ForeignKey(Opinion, models.SET_NULL, null=True, blank=True,
                                related_name="main_for", verbose_name=_("元の検証意見"))
    text = models.TextField(_("主な検証意見"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    class Meta:
        verbose_name = _("条文ごとの主な検証意見")
        verbose_name_plural = _("条文ごとの主な検証意見")
        ordering = ["cycle", "article__number", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.article.label} {self.text[:30]}"
