"""The SME-promotion ordinance and its articles (measures 12-19, verification 22, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ordinance(models.Model):
    title = models.CharField(_("条例名"), max_length=200, unique=True)
    short_title = models.CharField(_("略称"), max_length=100, blank=True)
    enacted_on = models.DateField(_("制定日"), null=True, blank=True)
    in_force_on = models.DateField(_("施行日"), null=True, blank=True)

    class Meta:
        verbose_name = _("条例")
        verbose_name_plural = _("条例")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.short_title or self.title


class ArticleQuerySet(models.QuerySet):
    def measures(self):
        return self.filter(kind=Article.Kind.MEASURE)


class Article(models.Model):
    class Kind(models.TextChoices):
        MEASURE = "measure", _("中小企業活性化施策（第12条～第19条）")
        VERIFICATION = "verification", _("施策検証（第22条）")
        PUBLICATION = "publication", _("公表（第23条）")
        OTHER = "other", _("その他")

    ordinance = models.ForeignKey(
        Ordinance, models.CASCADE, related_name="articles", verbose_name=_("条例")
    )
    number = models.PositiveSmallIntegerField(_("条番号"))
    title = models.CharField(_("見出し"), max_length=200)
    text = models.TextField(_("条文"), blank=True)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["ordinance", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ordinance", "number"], name="article_unique_number")
        ]

    def __str__(self) -> str:
        return f"第{self.number}条 {self.title}"

    @property
    def label(self) -> str:
        return f"第{self.number}条"
