"""The art. 19 page of one fiscal year (受注機会の増大等): the city's procurement as a whole.

Art. 19 has no projects: its Plan, its Do (the changes to the bidding and contract rules,
the 主観評価項目 in force) and the notes printed with the contract tables are written by the
planning division once per year. The contract figures themselves are statistics
(`shisaku.stats`), the council's opinions are article-scoped `Opinion`s.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.lib.era import era_year, format_fy


class ProcurementPage(models.Model):
    # The narrative parts in the report's order (Shisaku text: "- " bullets, "○" headings).
    TEXT_FIELDS = ["plan", "rule_changes", "evaluation_notes", "contract_notes",
                   "subsidised_intro", "subsidised_notes"]

    cycle = models.OneToOneField("sheets.Cycle", models.PROTECT, related_name="procurement_page",
                                 verbose_name=_("年度サイクル"))
    plan = models.TextField(_("事業計画（Plan）"), blank=True)
    rule_changes = models.TextField(
        _("入札契約制度の見直し"), blank=True,
        help_text=_("事業の実施状況（Do）のうち、主観評価項目の表より前に載せる本文。"))
    evaluation_title = models.CharField(
        _("主観評価項目の表の見出し"), max_length=100, blank=True,
        help_text=_("例：令和3年4月以降の主観評価項目"))
    evaluation_notes = models.TextField(
        _("主観評価項目の表の後の本文"), blank=True,
        help_text=_("認証制度の説明、主観評価項目点を参加資格とした入札など。"))
    contract_notes = models.TextField(_("契約実績の表の注記"), blank=True)
    subsidised_intro = models.TextField(_("補助金等交付事業の表の説明"), blank=True)
    subsidised_notes = models.TextField(_("補助金等交付事業の表の注記"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("更新者"))

    class Meta:
        verbose_name = _("第19条の頁")
        verbose_name_plural = _("第19条の頁")

    def __str__(self) -> str:
        return f"{format_fy(self.cycle.fiscal_year)} 第19条"


class EvaluationItem(models.Model):
    """One row of the 主観評価項目 table: its points count towards the maximum from
    `added_on` (empty: from the start of the table's period)."""

    page = models.ForeignKey(ProcurementPage, models.CASCADE, related_name="evaluation_items",
                             verbose_name=_("第19条の頁"))
    order = models.PositiveSmallIntegerField(_("順序"))
    group = models.CharField(_("区分"), max_length=40, blank=True,
                             help_text=_("例：事業者申請項目"))
    name = models.CharField(_("主観評価項目名"), max_length=200)
    points = models.PositiveSmallIntegerField(_("主観点"), validators=[MinValueValidator(1)])
    added_on = models.DateField(_("追加日"), null=True, blank=True,
                                help_text=_("この日から最大点に加わる（新設の項目）。"))

    class Meta:
        verbose_name = _("主観評価項目")
        verbose_name_plural = _("主観評価項目")
        ordering = ["page", "order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="evaluation_item_order"),
        ]

    def __str__(self) -> str:
        return self.name


def short_date(day: datetime.date) -> str:
    """R4.3.1, as the city prints a date in a table."""
    era, year = era_year(day)
    initial = {"令和": "R", "平成": "H", "昭和": "S"}.get(era, era)
    return f"{initial}{year}.{day.month}.{day.day}"
