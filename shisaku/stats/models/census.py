"""Economic census figures: one industry major group in one year of a dataset."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.stats import industries

from .dataset import Period


class CensusValue(models.Model):
    """A published count (事業所数 or 従業者数, as the dataset's measure says).

    ``industry`` is a JSIC letter, ``AB`` (農業，林業，漁業) or ``ALL`` for the published
    全産業 figure; subtotals, changes and shares are derived, never stored.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="census_values",
                               verbose_name=_("期間"))
    industry = models.CharField(_("業種大分類"), max_length=3, choices=industries.CHOICES)
    value = models.PositiveBigIntegerField(_("値"), validators=[MaxValueValidator(10**12)])

    class Meta:
        verbose_name = _("経済センサスの値")
        verbose_name_plural = _("経済センサスの値")
        constraints = [
            models.UniqueConstraint(fields=["period", "industry"], name="stats_census_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {industries.name(self.industry)}: {self.value:,}"
