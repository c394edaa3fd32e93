"""The cycle's schedule (deadlines per step, optionally per section) and the notifications.

Two of the schedule's dates live on the cycle itself (Cycle.sheet_due, Cycle.response_due,
frozen with the published year); every other step, and every section's own date, is a
Deadline row. `schedule.py` is the one place that reads and writes them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The steps of a year, in the order they happen."""

    ENTRY_START = "entry_start", _("シート入力開始")
    SUBMISSION = "submission", _("シート提出期限")
    VERIFICATION = "verification", _("施策検証の完了")
    RESPONSE = "response", _("対応方針の提出期限")
    SETTLEMENT = "settlement", _("確定")
    PUBLICATION = "publication", _("公表")


# The steps a section works on: each may have a section's own date.
SECTION_STEPS = (Step.ENTRY_START, Step.SUBMISSION, Step.RESPONSE)
# The steps whose cycle-wide date is a field of Cycle (one source of truth per date).
CYCLE_FIELDS = {Step.SUBMISSION: "sheet_due", Step.RESPONSE: "response_due"}


class Deadline(models.Model):
    cycle = models.ForeignKey("sheets.Cycle", models.CASCADE, related_name="deadlines",
                              verbose_name=_("年度サイクル"))
    step = models.CharField(_("段階"), max_length=20, choices=Step.choices)
    section = models.ForeignKey("city.Section", models.CASCADE, null=True, blank=True,
                                related_name="deadlines", verbose_name=_("所管課"),
                                help_text=_("空欄: 年度全体の期限。課を選ぶと、その課だけの期限です。"))
    due = models.DateField(_("期限"))

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["cycle", "step", "section"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "step"], condition=models.Q(section=None),
                                    name="deadline_one_per_step"),
            models.UniqueConstraint(fields=["cycle", "step", "section"],
                                    condition=models.Q(section__isnull=False),
                                    name="deadline_one_per_step_and_section"),
        ]

    def __str__(self) -> str:
        where = f"（{self.section}）" if self.section_id else ""
        return f"{self.get_step_display()}{where} {self.due:%Y-%m-%d}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("シートの差戻し")
        OPINION = "opinion", _("検証意見の記入")
        RESPONSE = "response", _("対応の記入")
        DUE_SOON = "due_soon", _("期限が近づいています")
        OVERDUE = "overdue", _("期限を過ぎています")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="notifications", verbose_name=_("宛先"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    # What happened, once per user: "returned:12:4", "due:2021:submission:2022-05-31:soon".
    key = models.CharField(_("出来事のキー"), max_length=150)
    text = models.TextField(_("内容"))
    url = models.CharField(_("リンク"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("通知日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("メール送信日時"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="notification_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A user's choice about e-mail; no row: the default (e-mail on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE,
                                related_name="notice_preference", verbose_name=_("利用者"))
    email = models.BooleanField(_("お知らせをメールでも受け取る"), default=True)

    class Meta:
        verbose_name = _("お知らせの設定")
        verbose_name_plural = _("お知らせの設定")

    def __str__(self) -> str:
        return str(self.user)
