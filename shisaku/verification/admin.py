from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shisaku.core.admin import DomainAdmin, PublishedYearLockMixin, ReadOnlyAdminMixin
from shisaku.ordinance.models import Article
from shisaku.projects.models import Project

from .forms import MainOpinionForm, MeetingForm
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
class CommitteeAdmin(DomainAdmin):
    list_display = ["name", "kind", "parent", "capacity"]
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(DomainAdmin):
    list_display = ["name", "category", "affiliation", "user"]
    list_filter = ["category"]
    search_fields = ["name", "affiliation"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a member would also take them off a published year's attendance lists.
        if obj is not None and obj.meetings.filter(cycle__in=_published_cycles()).exists():
            return False
        return super().has_delete_permission(request, obj)


def _published_cycles():
    from shisaku.sheets.models import Cycle

    return Cycle.objects.published()


@admin.register(Membership)
class MembershipAdmin(DomainAdmin):
    list_display = ["member", "committee", "role", "order", "term_start", "term_end"]
    list_filter = ["committee", "role"]


class MeetingAdminForm(MeetingForm):
    """The screen's meeting form, with the cycle, and the screen's rule that a meeting looks
    at projects that have a sheet in its year."""

    class Meta(MeetingForm.Meta):
        fields = ["cycle"] + MeetingForm.Meta.fields
        widgets = {}

    def clean(self):
        cleaned = super().clean()
        cycle, projects = cleaned.get("cycle"), cleaned.get("projects")
        if cycle is not None and projects:
            outside = [p for p in projects if not p.sheets.filter(cycle=cycle).exists()]
            if outside:
                self.add_error("projects", _("%(fy)sのシートがない事務事業は選べません: %(names)s") % {
                    "fy": cycle, "names": "、".join(p.name for p in outside)})
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(PublishedYearLockMixin, DomainAdmin):
    form = MeetingAdminForm
    list_display = ["__str__", "cycle", "kind", "held_on"]
    list_filter = ["cycle", "kind", "committee"]
    filter_horizontal = ["projects", "attendees"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "projects":
            kwargs["queryset"] = Project.objects.filter(sheets__isnull=False).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnly(ReadOnlyAdminMixin, DomainAdmin):
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


class MainOpinionAdminForm(MainOpinionForm):
    """The screen's form, with the cycle: the original opinion must be of the same year."""

    class Meta(MainOpinionForm.Meta):
        fields = ["cycle"] + MainOpinionForm.Meta.fields
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        # The screen's __init__ expects all its fields; a read-only admin page has none.
        forms.ModelForm.__init__(self, *args, **kwargs)
        if "article" in self.fields:
            self.fields["article"].queryset = Article.objects.measures()
        for name in ("opinion", "text"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        cycle, opinion = cleaned.get("cycle"), cleaned.get("opinion")
        if cycle is not None and opinion is not None and opinion.cycle_id != cycle.pk:
            self.add_error("opinion", _("元の検証意見は同じ年度サイクルのものを選んでください。"))
        return cleaned


@admin.register(ArticleMainOpinion)
class ArticleMainOpinionAdmin(PublishedYearLockMixin, DomainAdmin):
    form = MainOpinionAdminForm
    list_display = ["article", "cycle", "order", "text"]
    list_filter = ["cycle", "article"]
