from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedForm, VersionedModelForm
from shisaku.core.fields import FiscalYearFormField
from shisaku.core.forms import CleanForm
from shisaku.lib import richtext

from .models import ArticleMainOpinion, FollowUp, Meeting, Opinion, Response


def _themes(text: str) -> list[str]:
    return [t.strip() for t in text.replace("、", ",").split(",") if t.strip()]


class OpinionForm(VersionedForm):
    text = forms.CharField(label=_("意見"), widget=forms.Textarea(attrs={"rows": 3}))
    themes = forms.CharField(label=_("テーマ（読点区切り）"), required=False,
                             help_text=_("例: DX、事業承継"))
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("会議"), required=False)

    def __init__(self, *args, cycle=None, opinion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cycle is not None:
            self.fields["meeting"].queryset = cycle.meetings.all()
        self.init_version(opinion)

    def clean_themes(self):
        return _themes(self.cleaned_data.get("themes", ""))


class ScopedOpinionForm(OpinionForm):
    """An opinion on a project group, an article, or the whole cycle."""

    scope = forms.ChoiceField(label=_("対象の範囲"), choices=[
        c for c in Opinion.Scope.choices if c[0] != Opinion.Scope.SHEET])
    group = forms.CharField(label=_("関連事業"), required=False,
                            help_text=_("例: 工業振興関連事業（範囲が関連事業のとき）"))
    article = forms.ModelChoiceField(None, label=_("条文"), required=False)

    def __init__(self, *args, **kwargs):
        from shisaku.ordinance.models import Article

        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.measures()
        self.order_fields(["scope", "group", "article", "text", "themes", "meeting"])


class ResponseForm(VersionedModelForm):
    effective_fy = FiscalYearFormField(label=_("反映する年度"), required=False)
    plan_items = forms.MultipleChoiceField(label=_("反映する次年度の実施計画の項目"),
                                           required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Response
        fields = ["text", "classification", "effective_fy", "plan_items"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, next_plan: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        try:
            items = richtext.bullets(next_plan)
        except richtext.RichTextError:
            items = []
        current = list(self.instance.plan_items or []) if self.instance.pk else []
        self.fields["plan_items"].choices = [(i, i) for i in dict.fromkeys(items + current)]
        if not items and not current:
            del self.fields["plan_items"]


class FollowUpForm(VersionedModelForm):
    class Meta:
        model = FollowUp
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["committee", "kind", "title", "held_on", "agenda", "projects", "attendees",
                  "summary"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}),
                   "projects": forms.CheckboxSelectMultiple,
                   "attendees": forms.CheckboxSelectMultiple}

    def limit_to(self, cycle) -> None:
        """The year's projects grouped by their first article, members by their category,
        so a clerk finds them quickly (the querysets still validate the choice)."""
        from shisaku.lib.articles import format_article
        from shisaku.projects.models import Project

        from .models import Member

        projects = (Project.objects.filter(sheets__cycle=cycle).distinct()
                    .prefetch_related("articles").order_by("group", "position", "name"))
        self.fields["projects"].queryset = projects
        by_article: dict = {}
        for project in projects:
            article = min(project.articles.all(), key=lambda a: a.number, default=None)
            key = (article.number, f"{format_article(article.number)} {article.title}") \
                if article else (999, str(_("条文未設定")))
            by_article.setdefault(key, []).append((project.pk, project.heading))
        self.fields["projects"].choices = [(title, items)
                                           for (_n, title), items in sorted(by_article.items())]
        members = self.fields["attendees"].queryset.order_by("category", "name")
        by_category: dict = {}
        for member in members:
            by_category.setdefault(member.get_category_display(), []).append(
                (member.pk, f"{member.name}（{member.affiliation}）" if member.affiliation
                 else member.name))
        order = {str(label): i for i, (_v, label) in enumerate(Member.Category.choices)}
        self.fields["attendees"].choices = sorted(by_category.items(),
                                                  key=lambda kv: order.get(str(kv[0]), 99))


class MainOpinionForm(VersionedModelForm):
    class Meta:
        model = ArticleMainOpinion
        fields = ["article", "order", "opinion", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycle=None, **kwargs):
        from shisaku.ordinance.models import Article

        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.measures()
        self.fields["opinion"].required = False
        self.fields["text"].required = False
        if cycle is not None:
            self.fields["opinion"].queryset = cycle.opinions.select_related("sheet__project")
            self.fields["opinion"].label_from_instance = (
                lambda o: f"{o.target_label} {o.label} {o.text[:40]}")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and cleaned.get("opinion"):
            cleaned["text"] = cleaned["opinion"].text
        if not cleaned.get("text"):
            self.add_error("text", _("主な検証意見を入力するか、元の検証意見を選んでください。"))
        return cleaned


class RosterDateForm(CleanForm):
    as_of = forms.DateField(label=_("基準日"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
