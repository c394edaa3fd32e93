"""Business surveys (事業所アンケート): sample and responses by industry, questions and answers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.stats import industries

from .dataset import Dataset


class Survey(models.Model):
    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="survey",
                                   verbose_name=_("データセット"))
    population = models.CharField(_("調査対象"), max_length=300, blank=True)
    method = models.CharField(_("調査方法"), max_length=300, blank=True)
    fielded_from = models.DateField(_("調査期間（開始）"), null=True, blank=True)
    fielded_to = models.DateField(_("調査期間（終了）"), null=True, blank=True)
    responses_as_of = models.DateField(_("回答状況の時点"), null=True, blank=True)

    class Meta:
        verbose_name = _("アンケート調査")
        verbose_name_plural = _("アンケート調査")

    def __str__(self) -> str:
        return self.dataset.title

    def clean(self):
        if self.fielded_from and self.fielded_to and self.fielded_to < self.fielded_from:
            raise ValidationError({"fielded_to": _("終了日が開始日より前です。")})


class SurveyStratum(models.Model):
    """One row of the response table: sent (発送件数) and responses (回答件数) of an industry."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="strata",
                               verbose_name=_("調査"))
    order = models.PositiveSmallIntegerField(_("表示順"))
    industry = models.CharField(_("業種大分類"), max_length=3, blank=True,
                                choices=[c for c in industries.CHOICES if c[0] != industries.ALL])
    label = models.CharField(_("区分名"), max_length=100, help_text=_("資料に印刷された区分名"))
    sent = models.PositiveIntegerField(_("発送件数"), null=True, blank=True,
                                       help_text=_("「不明」など発送件数のない行は空欄"))
    responses = models.PositiveIntegerField(_("回答件数"))

    class Meta:
        verbose_name = _("回答状況（区分）")
        verbose_name_plural = _("回答状況（区分）")
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="stats_stratum_unique_order"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.sent is not None and self.responses > self.sent:
            raise ValidationError({"responses": _("回答件数が発送件数を超えています。")})


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("単一回答")
        MULTIPLE = "multiple", _("複数回答")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions",
                               verbose_name=_("調査"))
    order = models.PositiveSmallIntegerField(_("表示順"))
    text = models.CharField(_("設問"), max_length=300)
    kind = models.CharField(_("回答形式"), max_length=10, choices=Kind.choices)
    n = models.PositiveIntegerField(_("回答者数（n）"))
    base = models.CharField(_("回答対象"), max_length=200, blank=True,
                            help_text=_("例: 研究開発「有」と回答した企業"))

    class Meta:
        verbose_name = _("設問")
        verbose_name_plural = _("設問")
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="stats_question_unique_order"),
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options",
                                 verbose_name=_("設問"))
    order = models.PositiveSmallIntegerField(_("表示順"))
    label = models.CharField(_("選択肢"), max_length=200)
    count = models.PositiveIntegerField(_("回答数"))

    class Meta:
        verbose_name = _("選択肢")
        verbose_name_plural = _("選択肢")
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="stats_option_unique_order"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        if self.question_id and self.count > self.question.n:
            raise ValidationError({"count": _("回答数が回答者数（n）を超えています。")})
