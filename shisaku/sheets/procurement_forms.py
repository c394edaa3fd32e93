"""The form of the art. 19 page (受注機会の増大等): its texts and its 主観評価項目 table."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanModelForm
from shisaku.lib.era import parse_date
from shisaku.lib.textnorm import parse_number

from .models import ProcurementPage
from .models.procurement import short_date
from .procurement import EvaluationRow


class ProcurementPageForm(CleanModelForm):
    """The page's texts and its 主観評価項目 table, one item a line:
    「区分 | 主観評価項目名 | 主観点 | 追加日（新設の項目のみ）」."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    evaluation = forms.CharField(
        label=_("主観評価項目"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("1行に1項目：区分 | 主観評価項目名 | 主観点 | 追加日（新設の項目のみ、例：R4.3.1）"))

    class Meta:
        model = ProcurementPage
        fields = ["plan", "rule_changes", "evaluation_title", "evaluation_notes",
                  "contract_notes", "subsidised_intro", "subsidised_notes"]

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0
            self.initial["evaluation"] = "\n".join(
                " | ".join([i.group, i.name, str(i.points)]
                           + ([short_date(i.added_on)] if i.added_on else []))
                for i in items)

    def clean_evaluation(self) -> list[EvaluationRow]:
        rows = []
        for number, line in enumerate(self.cleaned_data["evaluation"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if len(parts) not in (3, 4) or not parts[1]:
                raise ValidationError(_("%(n)s行目：「区分 | 主観評価項目名 | 主観点」の形で書いてください。")
                                      % {"n": number})
            try:
                points = int(parse_number(parts[2].removesuffix("点")))
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise ValidationError(_("%(n)s行目：主観点は数字で書いてください。") % {"n": number}
                                      ) from exc
            added_on = None
            if len(parts) == 4 and parts[3]:
                try:
                    added_on = parse_date(parts[3])
                except ValueError as exc:
                    raise ValidationError(_("%(n)s行目：追加日を日付として読み取れません。")
                                          % {"n": number}) from exc
            rows.append(EvaluationRow(parts[1], points, parts[0], added_on))
        return rows
