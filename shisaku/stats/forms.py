from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanForm

from .importers import MAX_BYTES


class ImportForm(CleanForm):
    file = forms.FileField(
        label=_("ファイル"),
        help_text=_("CSV（UTF-8・BOM付きUTF-8・Shift_JIS）、TSV または Excel（.xlsx）。5MBまで。"))
    layout = forms.ChoiceField(
        label=_("形式"), initial="wide",
        choices=[("wide", _("横長（1列目から項目、続けて期間ごとの列）")),
                 ("long", _("縦長（期間・項目・値の列）"))])
    released_on = forms.DateField(
        label=_("公表日"), required=False,
        help_text=_("数値が公表された日（例: 2018-06-28）。報告書はその日以降の日付のものだけがこの数値を"
                    "掲載します。空欄なら期間の公表日は変えません。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（上限 5MB）。"))
        if not upload.name.lower().endswith((".csv", ".tsv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("読み込めるのは .csv（.tsv・.txt）と .xlsx です。"))
        return upload


class PairForm(CleanForm):
    """Census: which two years the change columns compare."""

    a = forms.ChoiceField(label=_("比較元"), required=False)
    b = forms.ChoiceField(label=_("比較先"), required=False)

    def __init__(self, periods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.key, p.label) for p in periods]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
