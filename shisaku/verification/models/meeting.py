"""Meetings of the verification year: subcommittee sessions, hearings, site visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field


class Meeting(models.Model):
    class Kind(models.TextChoices):
        SUBCOMMITTEE = "subcommittee", _("部会")
        COUNCIL = "council", _("協議会")
        HEARING = "hearing", _("ヒアリング")
        SITE_VISIT = "site_visit", _("現場視察")
        EXCHANGE = "exchange", _("企業との意見交換")

    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="meetings",
                              verbose_name=_("年度サイクル"))
    committee = models.ForeignKey("verification.Committee", models.PROTECT,
                                  related_name="meetings", verbose_name=_("会議体"))
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200, blank=True,
                             help_text=_("例: 令和4年度第1回中小企業活性化専門部会"))
    held_on = models.DateField(_("開催日"), null=True, blank=True)
    agenda = models.TextField(_("議題"), blank=True)
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="meetings",
                                      verbose_name=_("対象の事務事業"))
    attendees = models.ManyToManyField("verification.Member", blank=True,
                                       related_name="meetings", verbose_name=_("出席者"))
    summary = models.TextField(_("概要"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["cycle", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title or f"{self.committee} {self.get_kind_display()}"
