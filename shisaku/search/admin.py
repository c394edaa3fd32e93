from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdminMixin, DomainAdmin):
    """Read-only: the index follows the records (signals) and `rebuild-search-index`."""

    list_display = ["key", "kind", "fiscal_year", "public", "title"]
    list_filter = ["kind", "public", "fiscal_year"]
    search_fields = ["key", "title"]
