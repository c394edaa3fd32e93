"""The search box and its filters (GET: q, fy, article, kind)."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanForm
from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.ordinance.models import Article

from .models import SearchEntry
from .normalize import MAX_QUERY_LENGTH


class SearchForm(CleanForm):
    q = forms.CharField(label=_("キーワード"), required=False, max_length=MAX_QUERY_LENGTH,
                        widget=forms.TextInput(attrs={"type": "search"}))
    fy = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    article = forms.TypedChoiceField(label=_("条文"), required=False, coerce=int,
                                     empty_value=None)
    kind = forms.ChoiceField(label=_("種類"), required=False,
                             choices=[("", _("すべて"))] + SearchEntry.Kind.choices)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["fy"]).choices = [("", _("すべての年度"))] + [
            (year, format_fy(year)) for year in years]
        numbers = sorted(set(Article.objects.measures().values_list("number", flat=True)))
        cast(forms.ChoiceField, self.fields["article"]).choices = [("", _("すべての条文"))] + [
            (number, format_article(number)) for number in numbers]
