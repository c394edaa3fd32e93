"""One project in one fiscal year: the report page, written by its section."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.lib.era import format_fy

from .. import sections
from ..achievement import ActualStatus
from .cycle import Cycle


def _text_field(name: str) -> models.TextField:
    """A narrative part of the sheet, named as in the table of sheet sections."""
    return models.TextField(_(sections.section(name).label), blank=True)


class SheetQuerySet(models.QuerySet):
    def current(self):
        """The latest revision of each sheet (a correction supersedes what it corrects).

        Written as NOT EXISTS, not as the reverse join `corrected_by__isnull=True`:
        PostgreSQL reads the LEFT JOIN … IS NULL as a join that keeps one row in a year of
        thousands, and at 100× the data planned the dashboards' counts around that (0.4 s
        for one query); NOT EXISTS is an anti-join it estimates well. A correction belongs
        to the year of what it corrects (Sheet.save), and saying so lets the anti-join read
        that year's sheets only, not the whole table (bench/load.py)."""
        corrections = Sheet.objects.filter(corrects=models.OuterRef("pk"),
                                           cycle=models.OuterRef("cycle"),
                                           corrects__isnull=False)  # the partial index's rows
        return self.filter(~models.Exists(corrections))

    def published(self):
        return self.filter(state=Sheet.State.PUBLISHED)

    def for_sections(self, sections):
        return self.filter(project__section__in=sections)

    def with_section(self):
        """Still with their section to fill or fix (下書き, 差戻し) in a year open for entry
        (入力中, 検証中): the to-do lists and the reminders count the same sheets."""
        return self.filter(cycle__status__in=Cycle.OPEN_FOR_ENTRY,
                           state__in=Sheet.UNSUBMITTED)


class Sheet(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("下書き")
        SUBMITTED = "submitted", _("提出")
        RETURNED = "returned", _("差戻し")
        CONFIRMED = "confirmed", _("確認済")
        PUBLISHED = "published", _("公表済")

    # Not handed in: the section still has the sheet.
    UNSUBMITTED = (State.DRAFT, State.RETURNED)

    # The narrative parts, in the report's order: the table of sheet sections (sections.py).
    TEXT_FIELDS = sections.TEXT_FIELDS
    REQUIRED_FIELDS = sections.REQUIRED_FIELDS
    FINAL_YEAR_FIELDS = sections.FINAL_YEAR_FIELDS
    SUMMARY_FIELDS = sections.SUMMARY_FIELDS

    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="sheets",
                              verbose_name=_("年度サイクル"))
    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="sheets",
                                verbose_name=_("事務事業"))
    revision = models.PositiveSmallIntegerField(_("版"), default=1)
    corrects = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="corrected_by",
        verbose_name=_("訂正前の版"),
    )
    correction_reason = models.TextField(_("訂正理由"), blank=True)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices,
                             default=State.DRAFT)
    verified = models.BooleanField(_("検証対象"), default=False)
    selection_reason = models.TextField(_("検証対象とした理由"), blank=True)
    # その他の事業: projects not verified this year appear as a two-part entry.
    summary_results = _text_field("summary_results")
    summary_next = _text_field("summary_next")

    goal = _text_field("goal")
    plan = _text_field("plan")
    activities = _text_field("activities")
    indicator_notes = _text_field("indicator_notes")
    do_text = _text_field("do_text")
    program_results = _text_field("program_results")
    program_issues = _text_field("program_issues")
    next_plan = _text_field("next_plan")

    # A past year imported from the city's report: this sheet was not in that report.
    source_missing = models.BooleanField(
        _("報告書に記載なし"), default=False, editable=False,
        help_text=_("過去の報告書から年度を取り込んだとき、報告書に見つからなかったシート。"))

    return_comment = models.TextField(_("差戻しの理由"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    published_at = models.DateTimeField(_("公表日時"), null=True, blank=True)
    published_snapshot = models.JSONField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("更新者"))

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("事業シート")
        verbose_name_plural = _("事業シート")
        ordering = ["cycle", "project__group", "project__position", "project__name", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "project", "revision"],
                                    name="sheet_unique_revision"),
        ]
        indexes = [
            # The few corrections of a year, for current()'s NOT EXISTS.
            models.Index(fields=["cycle", "corrects"], condition=models.Q(corrects__isnull=False),
                         name="sheet_corrections"),
            # A year's counts by state, verified and article (sheets.progress.year_counts)
            # from the index alone on PostgreSQL, not from the sheets' wide rows.
            models.Index(fields=["cycle", "state"], include=["verified", "project", "id"],
                         name="sheet_year_progress"),
        ]

    def __str__(self) -> str:
        label = f"{self.project} {format_fy(self.cycle.fiscal_year)}"
        return f"{label} 第{self.revision}版" if self.revision > 1 else label

    def save(self, *args, **kwargs):
        # SheetQuerySet.current() looks for a sheet's correction within its own year.
        if self.corrects_id is not None and self.corrects.cycle_id != self.cycle_id:
            raise ValueError("A correction belongs to the fiscal year of the sheet it corrects.")
        super().save(*args, **kwargs)

    @property
    def fiscal_year(self) -> int:
        return self.cycle.fiscal_year

    @property
    def is_editable_state(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def required_fields(self, final_year: bool) -> list[str]:
        """The texts that must be filled before submission (the edit form marks them)."""
        if not self.verified:
            return list(self.SUMMARY_FIELDS)
        return self.REQUIRED_FIELDS + (self.FINAL_YEAR_FIELDS if final_year else [])

    def missing_parts(self, indicators, final_year: bool) -> list[str]:
        """Labels of what must be filled before the sheet can be submitted.

        A verified sheet is a full report page; any other project only needs its
        two-part その他の事業 entry. `indicators` are the project's indicators with their
        values prefetched, so that a list of sheets costs no query per sheet.
        """
        required = self.required_fields(final_year)
        missing = [
            str(_(sections.section(name).label))
            for name in required if not getattr(self, name).strip()
        ]
        if not self.verified:
            return missing
        fy = self.fiscal_year
        if not indicators:
            missing.append(str(_("成果・活動指標")))
        for indicator in indicators:
            if indicator.is_reference:
                continue
            # sheets_for_listing loads them into a list (listed_values); else the prefetch.
            values = getattr(indicator, "listed_values", None)
            if values is None:
                values = indicator.values.all()
            value = next((v for v in values if v.fiscal_year == fy), None)
            if value is None or (
                value.actual is None and value.actual_status == ActualStatus.MEASURED
            ):
                missing.append(str(_("「%(name)s」の%(fy)s実績") % {
                    "name": indicator.name, "fy": format_fy(fy)}))
        return missing
