from django.contrib import admin

from shisaku.core.admin import ReadOnlyAdminMixin

from .models import (
    ArticleMainOpinion,
    Committee,
    FollowUp,
    Meeting,
    Member,
    Membership,
    Opinion,
    Response,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "capacity"]
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "affiliation", "user"]
    list_filter = ["category"]
    search_fields = ["name", "affiliation"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "committee", "role", "order", "term_start", "term_end"]
    list_filter = ["committee", "role"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "kind", "held_on"]
    list_filter = ["cycle", "kind", "committee"]
    filter_horizontal = ["projects", "attendees"]


class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Opinions and responses are written through the screens, which number and lock them."""


@admin.register(Opinion)
class OpinionAdmin(ReadOnly):
    list_display = ["label", "target_label", "cycle", "scope", "text"]
    list_filter = ["cycle", "scope"]


@admin.register(Response)
class ResponseAdmin(ReadOnly):
    list_display = ["label", "opinion", "classification", "section"]
    list_filter = ["classification"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ["response", "cycle", "status"]


@admin.register(ArticleMainOpinion)
class ArticleMainOpinionAdmin(admin.ModelAdmin):
    list_display = ["article", "cycle", "order", "text"]
    list_filter = ["cycle", "article"]
