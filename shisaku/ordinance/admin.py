from django.contrib import admin

from shisaku.core.admin import DomainAdmin

from .models import Article, Ordinance


class ArticleInline(admin.StackedInline):
    model = Article
    extra = 0


@admin.register(Ordinance)
class OrdinanceAdmin(DomainAdmin):
    list_display = ["title", "in_force_on"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(DomainAdmin):
    list_display = ["label", "title", "kind", "ordinance"]
    list_filter = ["kind", "ordinance"]
    search_fields = ["title", "text"]
