"""The ordinance is written only through its service (ordinance/services.py: the report
importer, the demo loader): the admin views it, read-only."""

from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import Article, Ordinance


class ArticleInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Article
    extra = 0
    fields = ["number", "title", "part", "kind", "text"]


@admin.register(Ordinance)
class OrdinanceAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["title", "in_force_on", "summarised"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["label", "title", "part", "kind", "ordinance"]
    list_filter = ["kind", "part", "ordinance"]
    search_fields = ["title", "text"]
