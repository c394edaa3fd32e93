"""A published table or series with its provenance, and the periods it covers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.stats import periods as period_kinds


class DatasetQuerySet(models.QuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def census(self, measure: str | None = None):
        qs = self.filter(kind=Dataset.Kind.CENSUS)
        return qs.filter(measure=measure) if measure else qs

    def listed(self):
        return self.prefetch_related("periods").order_by("order", "kind", "slug")


class Dataset(models.Model):
    class Kind(models.TextChoices):
        CENSUS = "census", _("経済センサス（業種別）")
        SURVEY = "survey", _("事業所アンケート")
        DI = "di", _("景況感DI")
        BANKRUPTCY = "bankruptcy", _("倒産件数")
        JOB_OFFER = "job_offer", _("有効求人倍率")
        RD = "rd", _("研究開発機関数")
        PROCUREMENT = "procurement", _("市の契約実績（第19条）")
        SUBSIDISED = "subsidised", _("補助金等交付事業の発注実績")

    class Release(models.TextChoices):
        PRELIMINARY = "preliminary", _("速報")
        FINAL = "final", _("確報")

    class Measure(models.TextChoices):
        ESTABLISHMENTS = "establishments", _("事業所数")
        EMPLOYEES = "employees", _("従業者数")

    slug = models.SlugField(_("識別子"), max_length=80, unique=True,
                            help_text=_("取込コマンドの --dataset に指定する名前（半角英数字とハイフン）"))
    title = models.CharField(_("表題"), max_length=200)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    measure = models.CharField(_("計数"), max_length=20, choices=Measure.choices, blank=True,
                               help_text=_("経済センサスのみ: 事業所数か従業者数か"))
    unit = models.CharField(_("単位"), max_length=30, blank=True)
    source = models.CharField(_("出所"), max_length=200, help_text=_("例: 総務省「経済センサス」"))
    series = models.CharField(_("調査系列"), max_length=200, blank=True,
                              help_text=_("例: 経済センサス‐活動調査"))
    reference_date = models.DateField(_("調査時点"), null=True, blank=True)
    release = models.CharField(_("公表区分"), max_length=20, choices=Release.choices, blank=True)
    published_on = models.DateField(_("公表日"), null=True, blank=True)
    document = models.CharField(_("掲載資料"), max_length=300, blank=True,
                                help_text=_("数値を転記した資料と頁"))
    comparability_group = models.CharField(
        _("比較可能性グループ（既定）"), max_length=100, blank=True,
        help_text=_("期間ごとに指定がなければこのグループ。グループの異なる期間は単純比較できません。"))
    caveat = models.TextField(_("比較上の注意"), blank=True)
    notes = models.TextField(_("注記"), blank=True,
                             help_text=_("資料の誤植・不整合など、数値を読むうえでの注意"))
    percent_places = models.PositiveSmallIntegerField(
        _("割合の小数点以下桁数"), default=1, help_text=_("公表資料の表記に合わせる（通常1、契約実績は2）"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("統計データセット")
        verbose_name_plural = _("統計データセット")
        ordering = ["order", "kind", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="census") | ~models.Q(measure=""),
                name="stats_census_has_measure",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_kind(self) -> str | None:
        """How this dataset's periods are written: census years, quarters, fiscal years."""
        if self.kind == self.Kind.CENSUS:
            return period_kinds.YEAR
        if self.kind == self.Kind.DI:
            return period_kinds.QUARTER
        if self.kind == self.Kind.SURVEY:
            return None
        return period_kinds.FISCAL_YEAR

    def default_group(self, period_key: str) -> str:
        """The comparability group a new period gets: by census year, else the dataset's."""
        if self.kind == self.Kind.CENSUS:
            return period_kinds.census_group(int(period_key))
        return self.comparability_group


def groups_of(periods) -> list[str]:
    """The distinct comparability groups of `periods`, in period order."""
    seen: list[str] = []
    for period in periods:
        if period.group not in seen:
            seen.append(period.group)
    return seen


def spans_groups(periods) -> bool:
    return len(groups_of(periods)) > 1


class Period(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="periods",
                                verbose_name=_("データセット"))
    key = models.CharField(_("キー"), max_length=12, help_text=_("2016、2021（年度）、2022Q2 など"))
    label = models.CharField(_("表示名"), max_length=40)
    order = models.IntegerField(_("並び順"))
    comparability_group = models.CharField(_("比較可能性グループ"), max_length=100, blank=True)
    note = models.CharField(_("注記"), max_length=300, blank=True)
    released_on = models.DateField(
        _("公表日"), null=True, blank=True,
        help_text=_("この期間の数値が公表された日。空欄のときはデータセットの公表日、"
                    "それもなければ期間の終わりの日とみなします。"))

    class Meta:
        verbose_name = _("期間")
        verbose_name_plural = _("期間")
        ordering = ["dataset", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "key"], name="stats_period_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def group(self) -> str:
        return self.comparability_group or self.dataset.comparability_group

    @property
    def release_date(self):
        """When these figures became public: the period's own date, else the dataset's, else
        the day the period ended (no figure is public before its period is over)."""
        return (self.released_on or self.dataset.published_on
                or period_kinds.end_date(self.dataset.period_kind, self.key))

    def released_by(self, day) -> bool:
        """Whether a document dated `day` may print these figures."""
        released = self.release_date
        return day is None or released is None or released <= day
