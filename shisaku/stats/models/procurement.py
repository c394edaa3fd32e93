"""Art. 19: the city's contracts by company category × contract type, and subsidised projects'."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.stats import vocab

from .dataset import Period


class ProcurementFigure(models.Model):
    """Contracts of one fiscal year, company category and contract type (件, 百万円)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="procurement",
                               verbose_name=_("年度"))
    category = models.CharField(_("企業区分"), max_length=10, choices=vocab.COMPANY.choices)
    contract_type = models.CharField(_("契約種別"), max_length=10, choices=vocab.CONTRACT.choices)
    count = models.PositiveIntegerField(_("契約件数"))
    amount = models.PositiveBigIntegerField(_("契約金額（百万円）"))

    class Meta:
        verbose_name = _("契約実績")
        verbose_name_plural = _("契約実績")
        constraints = [
            models.UniqueConstraint(fields=["period", "category", "contract_type"],
                                    name="stats_procurement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_category_display()} {self.get_contract_type_display()}"


class SubsidisedContracts(models.Model):
    """Contracts over 1 million yen placed by subsidised projects: all, and local SMEs'."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="subsidised",
                               verbose_name=_("年度"))
    scope = models.CharField(_("範囲"), max_length=10, choices=vocab.SUBSIDY_SCOPE.choices)
    count = models.PositiveIntegerField(_("契約件数"))
    amount = models.PositiveBigIntegerField(_("契約金額（百万円）"))

    class Meta:
        verbose_name = _("補助金等交付事業の発注実績")
        verbose_name_plural = _("補助金等交付事業の発注実績")
        constraints = [
            models.UniqueConstraint(fields=["period", "scope"], name="stats_subsidised_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_scope_display()}"
