from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanForm


class TokenForm(CleanForm):
    name = forms.CharField(label=_("トークンの名前"), max_length=100,
                           help_text=_("用途が分かる名前（例: 集計用スクリプト）"))
