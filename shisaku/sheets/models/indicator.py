"""Indicators (成果・活動指標) of a project and their value in each fiscal year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.fields import FiscalYearField
from shisaku.lib.era import format_fy

from .. import achievement
from ..achievement import ActualStatus, Direction, Rating
from ..units import UNITS, is_count


class Indicator(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("成果")
        ACTIVITY = "activity", _("活動")
        REFERENCE = "reference", _("参考")

    class Measure(models.TextChoices):
        NUMBER = "number", _("数値")
        PERCENTAGE = "percentage", _("割合")
        QUALITATIVE = "qualitative", _("定性")

    project = models.ForeignKey("projects.Project", models.CASCADE, related_name="indicators",
                                verbose_name=_("事務事業"))
    name = models.CharField(_("指標名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER)
    measure = models.CharField(_("測り方"), max_length=20, choices=Measure.choices,
                               default=Measure.NUMBER)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    previous = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="continued_by",
        verbose_name=_("前身の指標"), help_text=_("統合・名称変更前の事業で使っていた同じ指標"),
    )
    retired_fy = FiscalYearField(_("廃止年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["project", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def clean(self) -> None:
        if self.unit and self.unit not in UNITS:
            raise ValidationError(
                {"unit": _("単位「%(unit)s」は登録されていません。%(known)s などから選んでください。")
                 % {"unit": self.unit, "known": "、".join(UNITS[:8])}}
            )
        if self.measure == self.Measure.PERCENTAGE and self.unit and self.unit != "%":
            raise ValidationError({"unit": _("割合の指標の単位は「%」にしてください。")})

    @property
    def is_reference(self) -> bool:
        return self.kind == self.Kind.REFERENCE

    def lineage(self) -> list["Indicator"]:
        """This indicator and its predecessors, oldest first (one query per step, short chains)."""
        chain, node = [self], self.previous
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.previous
        return list(reversed(chain))


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="values",
                                  verbose_name=_("指標"))
    fiscal_year = FiscalYearField(_("年度"))
    target = models.DecimalField(_("目標"), max_digits=16, decimal_places=3, null=True, blank=True)
    actual = models.DecimalField(_("実績"), max_digits=16, decimal_places=3, null=True, blank=True)
    actual_status = models.CharField(_("実績の状況"), max_length=20, choices=ActualStatus.choices,
                                     default=ActualStatus.MEASURED)
    breakdown = models.JSONField(_("内訳"), default=list, blank=True,
                                 help_text=_("例: 新規 38、変更 21"))
    comment = models.CharField(_("備考"), max_length=500, blank=True)
    # A part of the target printed in brackets beside it, as (label, value) items like the
    # breakdown: "1,950,000 (220,000)" with the part うち外国人 220,000 (seed 002).
    target_breakdown = models.JSONField(_("目標の内訳"), default=list, blank=True,
                                        help_text=_("例: うち外国人 220000"))
    # Bumped by every save through sheets.editing.save_sheet: a form or workbook carries the
    # version it was opened with, and a value changed since then is a conflict, not overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("指標の値")
        verbose_name_plural = _("指標の値")
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="value_unique_fy"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {format_fy(self.fiscal_year, 'short')}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        label = format_fy(self.fiscal_year) if self.fiscal_year else ""
        unit = self.indicator.unit if self.indicator_id else ""
        for field, name in (("target", _("目標")), ("actual", _("実績"))):
            value = getattr(self, field)
            if value is not None and value < 0 and is_count(unit):
                errors[field] = _("%(fy)sの%(name)sに負の値は入力できません（単位: %(unit)s）。") % {
                    "fy": label, "name": name, "unit": unit}
        if self.actual is not None and self.actual_status in (
            ActualStatus.CANCELLED, ActualStatus.NOT_DONE, ActualStatus.PENDING
        ):
            errors["actual"] = _("%(fy)sの実績が「%(status)s」のときは数値を空欄にしてください。") % {
                "fy": label, "status": self.get_actual_status_display()}
        if self.indicator_id and self.indicator.is_reference and self.target is not None:
            errors["target"] = _("参考指標には目標を入力しません。")
        for item in self.breakdown or []:
            if not isinstance(item, dict) or not str(item.get("label", "")).strip():
                errors["breakdown"] = _("内訳は「項目名 数値」の組で入力してください。")
                break
        for item in self.target_breakdown or []:
            if not isinstance(item, dict) or not str(item.get("label", "")).strip():
                errors["target_breakdown"] = _("内訳は「項目名 数値」の組で入力してください。")
                break
        if errors:
            raise ValidationError(errors)

    # --- derived, never stored ---
    @property
    def breakdown_total(self) -> Decimal | None:
        if not self.breakdown:
            return None
        return sum((Decimal(str(item["value"])) for item in self.breakdown), Decimal(0))

    @property
    def breakdown_mismatch(self) -> bool:
        """A warning, not an error: the report sometimes lists only part of the total."""
        total = self.breakdown_total
        return total is not None and self.actual is not None and total != self.actual

    def rate(self) -> Decimal | None:
        return achievement.achievement_rate(self.target, self.actual, self.actual_status,
                                            self.indicator.direction)

    def rating(self, bands=achievement.DEFAULT_BANDS) -> Rating:
        if self.indicator.is_reference or self.indicator.measure == Indicator.Measure.QUALITATIVE:
            return Rating.NOT_RATED
        return achievement.rating(self.target, self.actual, self.actual_status,
                                  self.indicator.direction, bands)
