"""The SME-promotion ordinance and its articles (measures 12-19, verification 22, ...).

The ordinance keeps its printed structure: 前文, the parts (区分) its articles are grouped
in, each article's caption, paragraphs and items (``structure.py``), and 附則. Written only
through ``services.py``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.lib.articles import format_article

from . import structure


class Ordinance(models.Model):
    title = models.CharField(_("条例名"), max_length=200, unique=True)
    short_title = models.CharField(_("略称"), max_length=100, blank=True)
    enacted_on = models.DateField(_("制定日"), null=True, blank=True)
    in_force_on = models.DateField(_("施行日"), null=True, blank=True)
    preamble = models.TextField(_("前文"), blank=True, help_text=_("1行に1段落。"))
    supplementary = models.TextField(_("附則"), blank=True)
    summarised = models.BooleanField(
        _("要約"), default=False,
        help_text=_("条文が市の公布した本文ではなく要約であること（報告書に「要約」と明記します）。"))

    class Meta:
        verbose_name = _("条例")
        verbose_name_plural = _("条例")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.short_title or self.title

    @property
    def preamble_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.preamble.split("\n") if line.strip()]


#: The measure that is the city's own procurement (受注機会の増大等): it has no projects, and
#: its Check is the article's page (``sheets.procurement``). The one place its number is said.
PROCUREMENT_ARTICLE = 19


class ArticleQuerySet(models.QuerySet):
    def measures(self):
        return self.filter(kind=Article.Kind.MEASURE)

    def procurement(self):
        """The procurement article (``Article.is_procurement``)."""
        return self.filter(number=PROCUREMENT_ARTICLE)


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
    text = models.TextField(
        _("条文"), blank=True,
        help_text=_("1行に1つ。第2項からは「2 …」、号は「(1) …」で始めます。"))
    part = models.CharField(_("区分"), max_length=100, blank=True,
                            help_text=_("条例の中のまとまり（例: 目的、定義、基本理念）。"))
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
        return f"{format_article(self.number)} {self.title}"

    @property
    def is_procurement(self) -> bool:
        """Whether this is the measure of the city's own procurement (受注機会の増大等)."""
        return self.number == PROCUREMENT_ARTICLE

    @property
    def label(self) -> str:
        return format_article(self.number)

    @property
    def paragraphs(self) -> list[structure.Paragraph]:
        """The body as paragraphs with their items ([] when it does not parse)."""
        try:
            return structure.paragraphs(self.text)
        except structure.BodyError:
            return []

    def clean(self) -> None:
        super().clean()
        try:
            structure.paragraphs(self.text)
        except structure.BodyError as exc:
            raise ValidationError({"text": exc.message}) from exc
