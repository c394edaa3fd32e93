"""The search index: one row per thing a reader can find, derived from the records.

Rows are written only by `shisaku.search.index` (from the signals and from
`shisaku rebuild-search-index`); nothing else reads or writes them. The folded columns
(`norm_title`, `norm_body`: see `normalize.fold`) are what the database's own engine
indexes: an FTS5 table with the trigram tokenizer on SQLite, pg_trgm GIN indexes on
PostgreSQL (migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("事務事業")
        SHEET = "sheet", _("事業シート")
        INDICATOR = "indicator", _("成果・活動指標")
        OPINION = "opinion", _("検証意見")
        RESPONSE = "response", _("対応")
        FOLLOW_UP = "follow_up", _("フォローアップ")
        MAIN_OPINION = "main_opinion", _("主な検証意見")
        DATASET = "dataset", _("統計")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    # "sheet:12", "indicator:12:40", ...: what the row was built from (unique in the index).
    key = models.CharField(max_length=80, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    # The ordinance articles as "|12|15|", so that one article is a substring "|12|".
    articles = models.CharField(max_length=100, blank=True)
    project_id = models.IntegerField(null=True, blank=True)
    section_id = models.IntegerField(null=True, blank=True)
    # For a sheet's own rows (its texts, its indicators): who reads them is who reads the sheet.
    sheet_id = models.IntegerField(null=True, blank=True)
    public = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    norm_title = models.CharField(max_length=600)
    norm_body = models.TextField(blank=True)
    url_name = models.CharField(max_length=80, blank=True)
    url_args = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("検索索引")
        verbose_name_plural = _("検索索引")
        indexes = [
            models.Index(fields=["public", "kind"], name="search_public_kind"),
            models.Index(fields=["sheet_id"], name="search_sheet"),
            models.Index(fields=["project_id"], name="search_project"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"
