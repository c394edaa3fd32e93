"""The fiscal-year cycle: one per FY, from preparation to publication."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_date, format_fy

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

    # The years whose sheets the sections fill and fix.
    OPEN_FOR_ENTRY = (Status.ENTERING, Status.VERIFYING)

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
    # A past year whose report prints only the month (「令和4年8月発行」): that month, as
    # YYYY-MM, so the record names when the city published without inventing a day.
    published_month = models.CharField(
        _("公表年月"), max_length=7, blank=True,
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("年月は YYYY-MM で入力してください。"))],
        help_text=_("公表日が分からず月だけ分かるとき（例: 2022-08）。"))
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
    # A past year brought in from the city's printed report: where its record comes from.
    # Empty for a year run in Shisaku (published through the publication gate).
    recorded_from = models.CharField(
        _("記録の出典"), max_length=300, blank=True,
        help_text=_("過去の報告書から取り込んだ年度のとき、その報告書（公表は市の報告書による）。"))

    # What the publication freezes: none of these changes once the cycle is 公表済.
    SETTINGS_FIELDS = ["fiscal_year", "sheet_due", "response_due", "published_on", "published_month",
                       "verify_procurement", "procurement_reason", "achieved_min", "mostly_min",
                       "recorded_from"]

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度サイクル")
        verbose_name_plural = _("年度サイクル")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"{format_fy(self.fiscal_year)}（{self.get_status_display()}）"

    def clean(self) -> None:
        self._refuse_change_after_publication()
        if self.mostly_min is not None and self.achieved_min is not None:
            if self.mostly_min > self.achieved_min:
                raise ValidationError(
                    {"mostly_min": _("「概ね達成」の下限は「達成」の下限以下にしてください。")}
                )
        if self.sheet_due and self.response_due and self.response_due < self.sheet_due:
            raise ValidationError(
                {"response_due": _("対応方針の提出期限はシート提出期限より後にしてください。")}
            )

    def _refuse_change_after_publication(self) -> None:
        """A published year's settings are final: compared with the stored row, not with
        what the caller loaded, so a stale or forged instance cannot slip through."""
        if self.pk is None:
            return
        stored = Cycle.objects.filter(pk=self.pk).first()
        if stored is None or stored.status != self.Status.PUBLISHED:
            return
        changed = [
            name for name in self.SETTINGS_FIELDS + ["status"]
            if getattr(stored, name) != getattr(self, name)
        ]
        if changed:
            labels = "、".join(str(getattr(self._meta.get_field(name), "verbose_name", name))
                              for name in changed)
            raise ValidationError(
                _("%(cycle)sは公表済のため、設定（%(fields)s）は変更できません。"
                  "公表した記録は確定しています。") % {"cycle": format_fy(stored.fiscal_year),
                                                  "fields": labels})

    @property
    def bands(self) -> Bands:
        return Bands(achieved=self.achieved_min, mostly=self.mostly_min)

    @property
    def publication_label(self) -> str:
        """When the city published this year: 令和4年8月31日, 令和4年8月, or empty."""
        if self.published_on:
            return format_date(self.published_on)
        if self.published_month:
            year, month = (int(part) for part in self.published_month.split("-"))
            return format_date(datetime.date(year, month, 1), "month")
        return ""

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @staticmethod
    def holds_published(obj: models.Model) -> bool:
        """Whether `obj` is, or belongs to, a 公表済 cycle, as stored (core.loading asks)."""
        if isinstance(obj, Cycle):
            return obj.pk is not None and Cycle.objects.filter(pk=obj.pk).published().exists()
        cycle_id = getattr(obj, "cycle_id", None)
        return cycle_id is not None and Cycle.objects.filter(pk=cycle_id).published().exists()

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]
