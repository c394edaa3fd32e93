"""Published documents (generated once at publication, stored with a checksum, never changed)
and the city's report profile (which sections, headings, numbering and optional content)."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field


class PublishedDocument(models.Model):
    class Source(models.TextChoices):
        SHISAKU = "shisaku", _("Shisakuで生成")
        CITY = "city", _("市が公表した報告書（取込み）")

    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="documents",
                              verbose_name=_("年度サイクル"))
    kind = models.CharField(_("種類"), max_length=20)
    format = models.CharField(_("形式"), max_length=10)
    content = models.BinaryField(_("内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("サイズ"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    # A past year's report printed by the city before Shisaku is kept as it was published.
    source = models.CharField(_("出典"), max_length=10, choices=Source.choices,
                              default=Source.SHISAKU)

    class Meta:
        verbose_name = _("公表文書")
        verbose_name_plural = _("公表文書")
        ordering = ["cycle", "kind", "format"]
        constraints = [models.UniqueConstraint(fields=["cycle", "kind", "format"],
                                               name="published_document_unique")]

    def __str__(self) -> str:
        return f"{self.cycle.fiscal_year} {self.kind}.{self.format}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("公表済の文書は変更できません。"))
        data = bytes(self.content)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.size = len(data)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("公表済の文書は削除できません。"))

    def verify(self) -> bool:
        return hashlib.sha256(bytes(self.content)).hexdigest() == self.sha256


class ReportProfile(models.Model):
    """How this city's report is laid out: its sections (see ReportSection), the numbering
    of the headings, and the optional content the city may or may not publish.

    One row. The default is the model city's report as Kawasaki prints it: numbered
    chapters, Check and Action as two numbered sections, and none of the ratings the city
    never made (achievement rows, rating charts). Read it through `reports.profile`.
    """

    name = models.CharField(_("名称"), max_length=100)
    number_headings = models.BooleanField(
        _("章と節に番号を付ける"), default=True,
        help_text=_("例: 「1 はじめに」「(1) 産業構造」"))
    show_achievement = models.BooleanField(
        _("指標の表に達成率と評価の行を載せる"), default=False,
        help_text=_("市が公表していない評価です。市が公表する場合にだけ選んでください。"))
    show_rating_chart = models.BooleanField(
        _("条文別の指標の達成状況の図を載せる"), default=False,
        help_text=_("市が公表していない評価です。市が公表する場合にだけ選んでください。"))
    check_action_side_by_side = models.BooleanField(
        _("検証意見と対応を1つの表に並べる"), default=False,
        help_text=_("選ばないときは、市の報告書のとおり「主な検証意見 Check」と"
                    "「対応 Action」を番号付きの2つの項目に分けます。"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    # What `shows()` answers, by the names the document builders use.
    FLAGS = {"numbering": "number_headings", "achievement": "show_achievement",
             "ratings": "show_rating_chart", "side_by_side": "check_action_side_by_side"}

    class Meta:
        verbose_name = _("報告書の構成")
        verbose_name_plural = _("報告書の構成")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if ReportProfile.objects.exclude(pk=self.pk).exists():
            raise ValidationError(_("報告書の構成は1件だけ登録できます。既存の構成を編集してください。"))

    def shows(self, what: str) -> bool:
        """Whether the report carries `what` (a key of FLAGS)."""
        return bool(getattr(self, self.FLAGS[what]))


class ReportSection(models.Model):
    """One top-level section of the full report, in the profile's order."""

    class Key(models.TextChoices):
        INTRODUCTION = "introduction", _("はじめに")
        STATISTICS = "statistics", _("市内産業の現状（統計）")
        COUNCIL = "council", _("検証体制等（委員名簿・会議）")
        IMPLEMENTATION = "implementation", _("施策の実施状況（事業シート・第19条・その他の事業）")
        APPENDIX = "appendix", _("（参考）条例")

    profile = models.ForeignKey(ReportProfile, models.CASCADE, related_name="sections",
                                verbose_name=_("報告書の構成"))
    key = models.CharField(_("節"), max_length=20, choices=Key.choices)
    position = models.PositiveSmallIntegerField(_("順番"), default=0)
    heading = models.CharField(
        _("見出し"), max_length=200, blank=True,
        help_text=_("「{年度}」は報告書の年度（例: 令和3（2021）年度）に置き換わります。"))
    shown = models.BooleanField(_("掲載する"), default=True)
    numbered = models.BooleanField(_("番号を付ける"), default=True)

    class Meta:
        verbose_name = _("報告書の節")
        verbose_name_plural = _("報告書の節")
        ordering = ["profile", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["profile", "key"],
                                               name="report_section_unique_key")]

    def __str__(self) -> str:
        return self.get_key_display()
