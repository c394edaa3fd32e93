"""意見公募手続 (public comment) on the draft (素案) of an execution program.

The city publishes the draft and a period, receives opinions (web form, post, FAX, e-mail),
classifies each by the draft's chapter, writes its view (市の考え方) with a classification of
how it was reflected, and publishes the result. The sender's name, e-mail and address are
personal data: they are kept for the city's work and never published.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import version_field
from shisaku.lib.era import format_date
from shisaku.plan.models import Program

# The longest opinion the public form and the staff entry accept (characters).
MAX_TEXT = 4000
# The stages of a draft program the public may be asked about (usually 素案).
STAGES = [(s.value, s.label) for s in (Program.Stage.OUTLINE, Program.Stage.PROPOSAL)]


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        """What the public sees: a consultation once its period is announced (募集中 onwards)."""
        return self.exclude(state=Consultation.State.PREPARING)

    def published(self):
        return self.filter(state=Consultation.State.PUBLISHED)


class Consultation(models.Model):
    """意見公募: one period of public comment on the draft of a program."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("準備中")
        OPEN = "open", _("募集中")
        COLLECTING = "collecting", _("集約中")
        PUBLISHED = "published", _("結果公表")

    program = models.ForeignKey("plan.Program", models.PROTECT, related_name="consultations",
                                verbose_name=_("対象の実行プログラム"))
    # The draft's stage the public is asked about: the period opens only while the program
    # is at it (stage_rules.py), and the program is not adopted before the result is out.
    stage = models.CharField(_("意見を求める段階"), max_length=20, choices=STAGES,
                             default=Program.Stage.OUTLINE)
    title = models.CharField(_("件名"), max_length=200)
    summary = models.TextField(_("素案の概要"), help_text=_("意見を募集する素案の内容や要点。"))
    document_url = models.CharField(
        _("素案の掲載ページ"), max_length=300, blank=True,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("素案の全文を掲載しているページのアドレス（任意）。"))
    opens_on = models.DateField(_("募集開始日"))
    closes_on = models.DateField(_("募集締切日"))
    state = models.CharField(_("状態"), max_length=12, choices=State.choices,
                             default=State.PREPARING, editable=False)
    published_on = models.DateField(_("結果公表日"), null=True, blank=True, editable=False)
    senders_erased_on = models.DateField(
        _("送り主の個人情報の消去日"), null=True, blank=True, editable=False,
        help_text=_("結果の公表から保存期間が過ぎ、意見の送り主の氏名・連絡先を消去した日。"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("意見公募")
        verbose_name_plural = _("意見公募")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _(
                "募集締切日が募集開始日より前になっています。締切日は開始日以降にしてください。")})

    @property
    def period_text(self) -> str:
        return f"{format_date(self.opens_on)}～{format_date(self.closes_on)}"

    def within_period(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def accepting(self, now=None) -> bool:
        """The public form takes opinions: 募集中 and today within the period."""
        day = timezone.localdate(now) if now is not None else timezone.localdate()
        return self.state == self.State.OPEN and self.within_period(day)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class Chapter(models.Model):
    """A chapter (章) of the draft: opinions are classified by it in the result."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="chapters",
                                     verbose_name=_("意見公募"))
    order = models.PositiveSmallIntegerField(_("順序"))
    title = models.CharField(_("章の名称"), max_length=200)

    class Meta:
        verbose_name = _("素案の章")
        verbose_name_plural = _("素案の章")
        ordering = ["consultation", "order"]
        constraints = [models.UniqueConstraint(fields=["consultation", "order"],
                                               name="chapter_order_unique")]

    def __str__(self) -> str:
        return self.title


class ViewClass(models.Model):
    """How an opinion was reflected (A 反映 … E その他): the city's own list, as rows."""

    code = models.CharField(_("記号"), max_length=4, unique=True)
    label = models.CharField(_("区分"), max_length=100)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("市の考え方の区分")
        verbose_name_plural = _("市の考え方の区分")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @classmethod
    def ensure_defaults(cls) -> None:
        """The usual list when the city has none (migration 0002 stores it on a new database;
        a flushed one, as after a transactional test, has lost it)."""
        if not cls.objects.exists():
            for order, (code, label) in enumerate(DEFAULT_VIEW_CLASSES, start=1):
                cls.objects.create(code=code, label=label, order=order)


# The list most cities use (the same as migration 0002's); the admin changes it.
DEFAULT_VIEW_CLASSES = (
    ("A", "意見を踏まえ、案に反映するもの"),
    ("B", "意見の趣旨が既に案に反映されているもの"),
    ("C", "今後の取組の参考とするもの"),
    ("D", "案の内容に関する質問・要望で、趣旨が案に記載されていないもの"),
    ("E", "その他"),
)


class Opinion(models.Model):
    """One opinion received, with the staff's chapter, summary and the city's view."""

    class Channel(models.TextChoices):
        WEB = "web", _("ウェブフォーム")
        POST = "post", _("郵送")
        FAX = "fax", _("FAX")
        EMAIL = "email", _("電子メール")
        HAND = "hand", _("持参")

    class Category(models.TextChoices):
        RESIDENT = "resident", _("市民（個人）")
        BUSINESS = "business", _("事業者")
        ORGANISATION = "organisation", _("団体")
        OTHER = "other", _("その他")

    consultation = models.ForeignKey(Consultation, models.PROTECT, related_name="opinions",
                                     verbose_name=_("意見公募"))
    number = models.PositiveIntegerField(_("受付番号"), editable=False)
    channel = models.CharField(_("受付方法"), max_length=8, choices=Channel.choices)
    # Personal data: kept for the city's work, never published.
    name = models.CharField(_("氏名"), max_length=100, blank=True)
    email = models.EmailField(_("電子メールアドレス"), blank=True)
    address = models.CharField(_("住所・所属"), max_length=200, blank=True)
    category = models.CharField(_("区分"), max_length=12, choices=Category.choices)
    text = models.TextField(_("意見"))
    received_at = models.DateTimeField(_("受付日時"))
    # The staff's work.
    chapter = models.ForeignKey(Chapter, models.PROTECT, null=True, blank=True,
                                related_name="opinions", verbose_name=_("該当する章"))
    summary = models.TextField(_("意見の要旨（公表用）"), blank=True)
    view = models.TextField(_("市の考え方"), blank=True)
    view_class = models.ForeignKey(ViewClass, models.PROTECT, null=True, blank=True,
                                   related_name="opinions", verbose_name=_("市の考え方の区分"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("入力者"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, editable=False, related_name="+",
                                   verbose_name=_("最終更新者"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True, null=True)
    version = version_field()

    class Meta:
        verbose_name = _("寄せられた意見")
        verbose_name_plural = _("寄せられた意見")
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"],
                                               name="consultation_opinion_number_unique")]

    def __str__(self) -> str:
        return f"{self.consultation} No.{self.number}"

    def clean(self) -> None:
        if self.text and len(self.text) > MAX_TEXT:
            raise ValidationError({"text": _("意見は%(max)d文字以内で入力してください（%(n)d文字）。")
                                   % {"max": MAX_TEXT, "n": len(self.text)}})
        if self.chapter_id and self.consultation_id and \
                self.chapter.consultation_id != self.consultation_id:
            raise ValidationError({"chapter": _("この意見公募の素案の章を選んでください。")})

    @property
    def ready_for_result(self) -> bool:
        return bool(self.summary.strip() and self.view.strip() and self.view_class_id)
