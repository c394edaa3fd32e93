"""The fiscal-year cycle: one per FY, from preparation to publication."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_fy

from ..achievement import Bands


class CycleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Cycle.Status.PUBLISHED)


class Cycle(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("準備中")
        ENTERING = "entering", _("入力中")
        VERIFYING = "verifying", _("検証中")
        SETTLED = "settled", _("確定")
        PUBLISHED = "published", _("公表済")

    # Each status may only move to the next; a settled cycle may reopen for verification.
    TRANSITIONS = {
        Status.PREPARING: [Status.ENTERING],
        Status.ENTERING: [Status.VERIFYING],
        Status.VERIFYING: [Status.SETTLED],
        Status.SETTLED: [Status.VERIFYING, Status.PUBLISHED],
        Status.PUBLISHED: [],
    }

    fiscal_year = FiscalYearField(_("年度"), unique=True)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    sheet_due = models.DateField(_("シート提出期限"), null=True, blank=True)
    response_due = models.DateField(_("対応方針の提出期限"), null=True, blank=True)
    published_on = models.DateField(_("公表日"), null=True, blank=True)
    verify_procurement = models.BooleanField(
        _("第19条（受注機会の増大等）を検証する"), default=True,
        help_text=_("第19条は事務事業ではなく市の調達全体の取組として検証します。"))
    procurement_reason = models.TextField(_("第19条を検証する理由"), blank=True)
    achieved_min = models.DecimalField(
        _("「達成」の下限（%）"), max_digits=5, decimal_places=1, default=Decimal("100"),
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    mostly_min = models.DecimalField(
        _("「概ね達成」の下限（%）"), max_digits=5, decimal_places=1, default=Decimal("80"),
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度サイクル")
        verbose_name_plural = _("年度サイクル")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"{format_fy(self.fiscal_year)}（{self.get_status_display()}）"

    def clean(self) -> None:
        if self.mostly_min is not None and self.achieved_min is not None:
            if self.mostly_min > self.achieved_min:
                raise ValidationError(
                    {"mostly_min": _("「概ね達成」の下限は「達成」の下限以下にしてください。")}
                )
        if self.sheet_due and self.response_due and self.response_due < self.sheet_due:
            raise ValidationError(
                {"response_due": _("対応方針の提出期限はシート提出期限より後にしてください。")}
            )

    @property
    def bands(self) -> Bands:
        return Bands(achieved=self.achieved_min, mostly=self.mostly_min)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]
