from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanForm

from .registry import followed_models


def _model_choices():
    choices = [("", _("すべて"))]
    for model in sorted(followed_models(), key=lambda m: m._meta.label):
        choices.append((model._meta.label_lower, f"{model._meta.verbose_name}"))
    return choices


class AuditSearchForm(CleanForm):
    actor = forms.CharField(label=_("操作者（ユーザー名）"), required=False, max_length=150)
    model = forms.ChoiceField(label=_("記録の種類"), required=False, choices=_model_choices)
    pk = forms.CharField(label=_("記録の番号"), required=False, max_length=40)
    q = forms.CharField(label=_("キーワード"), required=False, max_length=100)
    since = forms.DateField(label=_("開始日"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("終了日"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
