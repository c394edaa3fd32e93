"""Published documents: generated once at publication, stored with a checksum, never changed."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedDocument(models.Model):
    class Source(models.TextChoices):
        SHISAKU = "shisaku", _("Shisakuで生成")
        CITY = "city", _("市が公表した報告書（取込み）")

    cycle = models.ForeignKey("sheets.Cycle", models.PROTECT, related_name="documents",
                              verbose_name=_("年度サイクル"))
    kind = models.CharField(_("種類"), max_length=20)
    format = models.CharField(_("形式"), max_length=10)
    content = models.BinaryField(_("内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("サイズ"))
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    # A past year's report printed by the city before Shisaku is kept as it was published.
    source = models.CharField(_("出典"), max_length=10, choices=Source.choices,
                              default=Source.SHISAKU)

    class Meta:
        verbose_name = _("公表文書")
        verbose_name_plural = _("公表文書")
        ordering = ["cycle", "kind", "format"]
        constraints = [models.UniqueConstraint(fields=["cycle", "kind", "format"],
                                               name="published_document_unique")]

    def __str__(self) -> str:
        return f"{self.cycle.fiscal_year} {self.kind}.{self.format}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("公表済の文書は変更できません。"))
        data = bytes(self.content)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.size = len(data)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("公表済の文書は削除できません。"))

    def verify(self) -> bool:
        return hashlib.sha256(bytes(self.content)).hexdigest() == self.sha256
