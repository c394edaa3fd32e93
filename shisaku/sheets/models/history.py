"""Who changed what on a sheet, and when: one row per changed field."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetChange(models.Model):
    sheet = models.ForeignKey("sheets.Sheet", models.CASCADE, related_name="changes")
    indicator = models.ForeignKey("sheets.Indicator", models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    field = models.CharField(_("項目"), max_length=100)
    before = models.TextField(_("変更前"), blank=True)
    after = models.TextField(_("変更後"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("変更者"))
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("変更履歴")
        verbose_name_plural = _("変更履歴")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.before} → {self.after}"
