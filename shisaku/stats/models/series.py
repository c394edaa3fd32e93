"""Time series the report's section 2 carries: sentiment DI, bankruptcies, job offers, R&D."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.stats import vocab

from .dataset import Period


class DiValue(models.Model):
    """Business sentiment DI (diffusion index) of one quarter, industry and kind."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="di_values",
                               verbose_name=_("期間"))
    industry = models.CharField(_("業種"), max_length=20, choices=vocab.DI_INDUSTRY.choices)
    kind = models.CharField(_("DIの種類"), max_length=10, choices=vocab.DI_KIND.choices)
    value = models.DecimalField(_("DI"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("景況感DI")
        verbose_name_plural = _("景況感DI")
        constraints = [
            models.UniqueConstraint(fields=["period", "industry", "kind"], name="stats_di_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=-100, value__lte=100),
                                   name="stats_di_range"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_industry_display()} {self.get_kind_display()}: {self.value}"


class BankruptcyCount(models.Model):
    """Bankruptcies in the city in one fiscal year (負債総額1,000万円以上)."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="bankruptcy",
                                  verbose_name=_("期間"))
    count = models.PositiveIntegerField(_("倒産件数"))

    class Meta:
        verbose_name = _("倒産件数")
        verbose_name_plural = _("倒産件数")

    def __str__(self) -> str:
        return f"{self.period}: {self.count}件"


class JobOfferRatio(models.Model):
    """有効求人倍率 of one fiscal year and area."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="job_offers",
                               verbose_name=_("期間"))
    area = models.CharField(_("地域"), max_length=12, choices=vocab.AREA.choices)
    ratio = models.DecimalField(_("有効求人倍率"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("有効求人倍率")
        verbose_name_plural = _("有効求人倍率")
        constraints = [
            models.UniqueConstraint(fields=["period", "area"], name="stats_job_offer_unique"),
            models.CheckConstraint(condition=models.Q(ratio__gte=0), name="stats_job_offer_ratio"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_area_display()}: {self.ratio}倍"


class RdInstitutionCount(models.Model):
    """Research and development institutions of one survey, by ward (blank: whole city) and kind."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="rd_counts",
                               verbose_name=_("期間"))
    ward = models.CharField(_("区"), max_length=12, choices=vocab.WARD.choices, blank=True)
    kind = models.CharField(_("機関の種類"), max_length=12, choices=vocab.RD_KIND.choices)
    count = models.PositiveIntegerField(_("機関数"))

    class Meta:
        verbose_name = _("研究開発機関数")
        verbose_name_plural = _("研究開発機関数")
        constraints = [
            models.UniqueConstraint(fields=["period", "ward", "kind"], name="stats_rd_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_ward_display()} {self.get_kind_display()}: {self.count}"
