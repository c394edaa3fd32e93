from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedForm
from shisaku.core.forms import CleanForm
from shisaku.plan.models import Program

from .models import MAX_TEXT, STAGES, Chapter, Consultation, Opinion, ViewClass

# The honeypot: a field people never see (hidden by the stylesheet, labelled "leave empty"
# for screen readers); a robot that fills every field gives itself away.
HONEYPOT = "website"


class PublicOpinionForm(CleanForm):
    """The public form: name and e-mail optional, a category, the opinion (no script needed)."""

    name = forms.CharField(label=_("氏名（任意）"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("電子メールアドレス（任意）"), required=False,
                             help_text=_("入力すると受付のメールをお送りします。"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    category = forms.ChoiceField(label=_("区分"), choices=Opinion.Category.choices,
                                 widget=forms.RadioSelect)
    text = forms.CharField(label=_("意見"), max_length=MAX_TEXT,
                           help_text=_("%(max)d文字以内。") % {"max": MAX_TEXT},
                           widget=forms.Textarea(attrs={"rows": 10}))
    website = forms.CharField(label=_("この欄は空欄のままにしてください"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class ConsultationForm(VersionedForm):
    # Not a program adopted through the drafting procedure (stage_rules refuses it).
    program = forms.ModelChoiceField(
        Program.objects.exclude(stage=Program.Stage.ADOPTED, adopted_on__isnull=False),
        label=_("対象の実行プログラム"))
    # 素案 or 案: the period opens only while the program is at that stage. Left out of a
    # post (an older form), a new consultation asks about the 素案 and a change keeps its stage.
    stage = forms.ChoiceField(label=_("意見を求める段階"), choices=STAGES, required=False,
                              initial=Program.Stage.OUTLINE,
                              help_text=_("募集を開始できるのは、実行プログラムがこの段階にある間だけです。"))
    title = forms.CharField(label=_("件名"), max_length=200)
    summary = forms.CharField(label=_("素案の概要"), widget=forms.Textarea(attrs={"rows": 8}))
    document_url = forms.CharField(label=_("素案の掲載ページ"), max_length=300, required=False)
    opens_on = forms.DateField(label=_("募集開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("募集締切日"), widget=forms.DateInput(attrs={"type": "date"}))
    chapters = forms.CharField(label=_("素案の章（1行に1章）"), required=False,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("意見はこの章ごとに分類して公表します。"))

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(consultation)
        if consultation is not None and consultation.pk and not self.is_bound:
            for name in ("program", "stage", "title", "summary", "document_url", "opens_on",
                         "closes_on"):
                self.fields[name].initial = getattr(consultation, name)
            self.fields["chapters"].initial = "\n".join(
                c.title for c in consultation.chapters.all())

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("募集締切日が募集開始日より前になっています。"
                                          "締切日は開始日以降にしてください。"))
        return data

    def values(self) -> dict:
        values = {k: self.cleaned_data[k] for k in
                  ("program", "title", "summary", "document_url", "opens_on", "closes_on")}
        if self.cleaned_data.get("stage"):
            values["stage"] = self.cleaned_data["stage"]
        return values

    def chapter_titles(self) -> list[str]:
        return self.cleaned_data.get("chapters", "").splitlines()


class StaffOpinionForm(CleanForm):
    """An opinion received by letter, FAX, e-mail or in person."""

    channel = forms.ChoiceField(label=_("受付方法"), choices=[
        c for c in Opinion.Channel.choices if c[0] != Opinion.Channel.WEB])
    received_at = forms.DateTimeField(label=_("受付日時"), help_text=_("例: 2025-11-20 10:00"))
    name = forms.CharField(label=_("氏名"), max_length=100, required=False)
    email = forms.EmailField(label=_("電子メールアドレス"), required=False)
    address = forms.CharField(label=_("住所・所属"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("区分"), choices=Opinion.Category.choices)
    text = forms.CharField(label=_("意見"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 8}))


class ClassifyForm(VersionedForm):
    chapter = forms.ModelChoiceField(Chapter.objects.none(), label=_("該当する章"),
                                     required=False)
    summary = forms.CharField(label=_("意見の要旨（公表用）"), max_length=MAX_TEXT,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("公表するのはこの要旨です。氏名・住所など個人が分かる内容は"
                                          "書かないでください。"))

    def __init__(self, *args, opinion: Opinion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(opinion)
        if opinion is not None:
            self.fields["chapter"].queryset = opinion.consultation.chapters.all()
            if not self.is_bound:
                self.fields["chapter"].initial = opinion.chapter_id
                self.fields["summary"].initial = opinion.summary


class ViewForm(VersionedForm):
    view_class = forms.ModelChoiceField(ViewClass.objects.all(), label=_("区分"))
    view = forms.CharField(label=_("市の考え方"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, opinion: Opinion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(opinion)
        if opinion is not None and not self.is_bound:
            self.fields["view_class"].initial = opinion.view_class_id
            self.fields["view"].initial = opinion.view


class ConfirmForm(VersionedForm):
    """A state change confirmed on its own page: carries only the version."""

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(consultation)


class OpinionFilterForm(CleanForm):
    chapter = forms.ModelChoiceField(Chapter.objects.none(), label=_("章"), required=False)
    view_class = forms.ModelChoiceField(ViewClass.objects.all(), label=_("区分"), required=False)
    channel = forms.ChoiceField(label=_("受付方法"), required=False,
                                choices=[("", "---------"), *Opinion.Channel.choices])
    todo = forms.BooleanField(label=_("未処理のみ"), required=False)

    def __init__(self, *args, consultation: Consultation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultation is not None:
            self.fields["chapter"].queryset = consultation.chapters.all()

    def apply(self, opinions):
        if not self.is_valid():
            return opinions
        data = self.cleaned_data
        if data.get("chapter"):
            opinions = opinions.filter(chapter=data["chapter"])
        if data.get("view_class"):
            opinions = opinions.filter(view_class=data["view_class"])
        if data.get("channel"):
            opinions = opinions.filter(channel=data["channel"])
        if data.get("todo"):
            from django.db.models import Q

            opinions = opinions.filter(Q(summary="") | Q(view="") | Q(view_class__isnull=True))
        return opinions
