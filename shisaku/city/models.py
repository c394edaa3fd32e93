"""The city itself and its organisation: bureaus and the sections that own projects."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitySettings(models.Model):
    """One row: the facts that print on every document (colophon, contact)."""

    city_name = models.CharField(_("市の名称"), max_length=50)
    bureau_name = models.CharField(_("局の名称"), max_length=100)
    planning_division = models.CharField(_("企画担当部署"), max_length=100)
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    fax = models.CharField(_("FAX"), max_length=30, blank=True)
    email = models.EmailField(_("電子メール"), blank=True)
    # The press release's contact and the page where the report is published (seed 004).
    press_contact = models.CharField(
        _("報道発表の問合せ先"), max_length=150, blank=True,
        help_text=_("部署と担当者。空欄なら局の名称と企画担当部署を載せます。"))
    press_phone = models.CharField(
        _("報道発表の問合せ電話番号"), max_length=30, blank=True,
        help_text=_("空欄なら電話番号を載せます。"))
    # A text checked as a web address (a URLField's form would warn about its default scheme).
    report_url = models.CharField(
        _("報告書の掲載ページ"), max_length=300, blank=True,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("報道発表資料に載せる、報告書と概要版を掲載するページのアドレス。"))

    class Meta:
        verbose_name = _("市の設定")
        verbose_name_plural = _("市の設定")

    def __str__(self) -> str:
        return f"{self.city_name} {self.bureau_name}"

    def clean(self) -> None:
        if CitySettings.objects.exclude(pk=self.pk).exists():
            raise ValidationError(_("市の設定は1件だけ登録できます。既存の設定を編集してください。"))

    @classmethod
    def current(cls) -> "CitySettings | None":
        return cls.objects.order_by("pk").first()


class Bureau(models.Model):
    name = models.CharField(_("局名"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("局")
        verbose_name_plural = _("局")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """所管課: the unit that owns projects and answers opinions."""

    bureau = models.ForeignKey(Bureau, models.PROTECT, related_name="sections", verbose_name=_("局"))
    department = models.CharField(_("部・室"), max_length=100, blank=True)
    name = models.CharField(_("課名"), max_length=100)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("所管課")
        verbose_name_plural = _("所管課")
        ordering = ["bureau__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="section_unique_in_bureau")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.bureau.name, self.department, self.name) if part)
