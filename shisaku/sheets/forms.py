"""Forms of the sheet screens; every message names the field and the year."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shisaku.core.fields import FiscalYearFormField
from shisaku.core.forms import CleanForm, CleanModelForm
from shisaku.lib import richtext
from shisaku.lib.era import format_fy
from shisaku.lib.textnorm import parse_number

from .achievement import ActualStatus
from .breakdown import (
    BreakdownError,
    format_actual,
    format_breakdown,
    parse_actual,
    parse_breakdown,
)
from .editing import VALUE_FIELDS, ValueInput, YearRule
from .models import Cycle, Indicator, IndicatorValue, Sheet
from .units import UNIT_CHOICES
from .widgets import HiddenInput, Select, Textarea, TextInput


class SheetTextForm(CleanModelForm):
    version = forms.IntegerField(widget=HiddenInput)

    class Meta:
        model = Sheet
        fields = Sheet.TEXT_FIELDS + ["verified"]
        widgets = {name: Textarea(attrs={"rows": 5}) for name in Sheet.TEXT_FIELDS}

    def __init__(self, *args, final_year: bool = False, can_select: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if not final_year:
            for name in Sheet.FINAL_YEAR_FIELDS:
                del self.fields[name]
        if not can_select:
            del self.fields["verified"]
        for name in Sheet.TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _("○見出し、「- 」や「・」で箇条書き、「|」で表")
        # Required to submit, not to save a draft: marked, never the browser's `required`.
        self.required_names = [name for name in self.instance.required_fields(final_year)
                               if name in self.fields]
        for name in self.required_names:
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean(self):
        cleaned = super().clean()
        for name in Sheet.TEXT_FIELDS:
            if name in cleaned and cleaned[name]:
                # Browsers send CRLF; store LF so an untouched field is not a change.
                cleaned[name] = cleaned[name].replace("\r\n", "\n").replace("\r", "\n")
                try:
                    richtext.validate(cleaned[name], label=str(self.fields[name].label))
                except richtext.RichTextError as exc:
                    self.add_error(name, str(exc))
        return cleaned

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in Sheet.TEXT_FIELDS if name in self.fields}


def _number_field(label):
    return forms.CharField(label=label, required=False,
                           widget=TextInput(attrs={"inputmode": "decimal", "size": 8}))


class ValueForm(CleanForm):
    """One cell of the indicator grid: an indicator in one fiscal year.

    An editable cell sends, beside what the person typed, what it showed when the page was
    opened (Django's hidden initial inputs) and the value's version: the save writes only the
    fields that differ from what was shown, and refuses if the value changed meanwhile. A
    read-only cell (a value of another sheet's year, see editing.year_rules) has no inputs.
    """

    target = _number_field(_("目標"))
    # The actual may carry its breakdown as printed: not a numeric keyboard, room to type it.
    actual = forms.CharField(label=_("実績"), required=False, widget=TextInput(attrs={
        "size": 12, "placeholder": "59（新規38件・変更21件）"}))
    actual_status = forms.ChoiceField(label=_("状況"), choices=ActualStatus.choices,
                                      initial=ActualStatus.MEASURED, widget=Select)
    breakdown = forms.CharField(label=_("内訳"), required=False,
                                widget=TextInput(attrs={"size": 14,
                                                              "placeholder": "新規38件・変更21件"}))
    comment = forms.CharField(label=_("備考"), required=False, max_length=500,
                              widget=TextInput)
    version = forms.IntegerField(required=False, min_value=0, widget=HiddenInput)

    def __init__(self, *args, indicator: Indicator, fiscal_year: int, value=None,
                 rule: YearRule | None = None, required: bool = False, **kwargs):
        self.indicator, self.fiscal_year = indicator, fiscal_year
        self.rule = rule
        self.required = required  # the actual (or its 状況) is needed to submit
        self.typed_breakdown = None  # a breakdown typed in the actual's field, once cleaned
        if "initial" not in kwargs:
            kwargs["initial"] = value_initial(value, indicator)
        super().__init__(*args, **kwargs)
        self.value = value
        if required:
            self.fields["actual"].widget.attrs["aria-required"] = "true"
        if not self.read_only:
            for name in VALUE_FIELDS:
                self.fields[name].show_hidden_initial = True
                self.fields[name].hidden_widget = HiddenInput  # sheets.widgets: no template
            if self.is_bound:
                # Keep what the page showed when it was opened, through every re-display.
                for name in VALUE_FIELDS:
                    key = self.add_initial_prefix(self.add_prefix(name))
                    if key in self.data:
                        self.initial[name] = self.data[key]

    @property
    def read_only(self) -> bool:
        return self.rule is not None and self.rule.read_only

    @property
    def where(self) -> str:
        return f"「{self.indicator.name}」{format_fy(self.fiscal_year, 'short')}"

    @property
    def shown(self) -> dict:
        """A read-only cell as text."""
        value = self.value
        if value is None:
            return {}
        return {"target": _plain(value.target), "actual": _plain(value.actual),
                "actual_status": value.get_actual_status_display(),
                "breakdown": format_breakdown(value.breakdown, self.indicator.unit),
                "comment": value.comment}

    def changed_fields(self) -> frozenset:
        """The value fields the person changed since the page was opened (a breakdown typed
        in the actual's field changes the breakdown too)."""
        changed = {name for name in self.changed_data if name in VALUE_FIELDS}
        if self.typed_breakdown is not None and "actual" in changed:
            changed.add("breakdown")
        return frozenset(changed)

    def read_back(self) -> str:
        """What a valid cell will store, as printed: 59（新規38件・変更21件）."""
        if not self.is_valid() or self.typed_breakdown is None:
            return ""
        return format_actual(self.cleaned_data.get("actual"), self.cleaned_data["breakdown"],
                             self.indicator.unit)

    def posted_over_read_only(self) -> bool:
        """A read-only cell whose posted fields differ from what is stored (a crafted or
        stale page): refused, never written."""
        posted = [name for name in VALUE_FIELDS if self.add_prefix(name) in self.data]
        if not self.is_bound or not posted:
            return False
        if not self.is_valid():
            return True
        stored = value_stored(self.value)
        new = self.as_input()
        return any(stored[name] != getattr(new, name) for name in posted)

    def _number(self, field: str, label: str) -> Decimal | None:
        text = (self.cleaned_data.get(field) or "").strip()
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError:
            raise ValidationError(
                _("%(where)sの%(label)s「%(text)s」は数値ではありません。") % {
                    "where": self.where, "label": label, "text": text}) from None

    def clean_target(self):
        return self._number("target", _("目標"))

    def clean_actual(self):
        """A number, a number with the unit (59件), or the actual with its breakdown as
        printed: 59（新規38件・変更21件）."""
        self.typed_breakdown = None
        text = (self.cleaned_data.get("actual") or "").strip()
        try:
            return self._number("actual", _("実績"))
        except ValidationError as not_a_number:
            try:
                actual, self.typed_breakdown = parse_actual(text, self.indicator.unit)
            except BreakdownError as exc:
                if not any(mark in text for mark in "(（"):
                    raise not_a_number from None
                raise ValidationError(_("%(where)sの%(label)s: %(error)s") % {
                    "where": self.where, "label": _("実績"), "error": exc}) from None
        return actual

    def clean_breakdown(self):
        try:
            return parse_breakdown(self.cleaned_data.get("breakdown", ""))
        except BreakdownError as exc:
            raise ValidationError(f"{self.where}: {exc}") from None

    def clean(self):
        cleaned = super().clean()
        typed = self.typed_breakdown
        if typed is not None and "breakdown" in cleaned:
            # The breakdown typed with the actual replaces the one shown in the 内訳 field,
            # unless the person also changed that field to something else: which one is meant?
            if ("breakdown" in self.changed_data and cleaned["breakdown"]
                    and cleaned["breakdown"] != typed):
                self.add_error("actual", _(
                    "%(where)sの内訳が実績の欄（%(typed)s）と内訳の欄（%(field)s）で違います。"
                    "どちらか一方に入力してください。") % {
                    "where": self.where,
                    "typed": format_breakdown(typed, self.indicator.unit),
                    "field": format_breakdown(cleaned["breakdown"], self.indicator.unit)})
            else:
                cleaned["breakdown"] = typed
        if self.errors:
            return cleaned
        probe = IndicatorValue(indicator=self.indicator, fiscal_year=self.fiscal_year,
                               target=cleaned.get("target"), actual=cleaned.get("actual"),
                               actual_status=cleaned.get("actual_status"),
                               breakdown=cleaned.get("breakdown") or [],
                               comment=cleaned.get("comment", ""))
        try:
            probe.clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None,
                                   f"「{self.indicator.name}」: {message}")
        self.probe = probe
        return cleaned

    def warnings(self) -> list[str]:
        probe = getattr(self, "probe", None)
        if probe is not None and probe.breakdown_mismatch:
            return [str(_("%(where)sの内訳の合計（%(total)s）が実績（%(actual)s）と一致しません。") % {
                "where": self.where, "total": _plain(probe.breakdown_total),
                "actual": _plain(probe.actual)})]
        return []

    def as_input(self) -> ValueInput:
        c = self.cleaned_data
        return ValueInput(self.indicator, self.fiscal_year, c.get("target"), c.get("actual"),
                          c.get("actual_status") or ActualStatus.MEASURED,
                          c.get("breakdown") or [], c.get("comment", ""),
                          version=c.get("version"), changed=self.changed_fields())


def value_initial(value, indicator) -> dict:
    """What a cell shows for a stored value (or for none): the form's initial data."""
    if value is None:
        return {"actual_status": ActualStatus.MEASURED, "version": 0}
    return {
        "target": _plain(value.target), "actual": _plain(value.actual),
        "actual_status": value.actual_status,
        "breakdown": format_breakdown(value.breakdown, indicator.unit),
        "comment": value.comment, "version": value.version,
    }


def value_stored(value) -> dict:
    if value is None:
        return {"target": None, "actual": None, "actual_status": ActualStatus.MEASURED,
                "breakdown": [], "comment": ""}
    return {name: getattr(value, name) for name in VALUE_FIELDS}


def _plain(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


class IndicatorGrid:
    """The indicator grid of a sheet: rows are indicators, columns are fiscal years.

    `rules` (editing.year_rules) says which columns this sheet writes; the others are shown
    read-only, and a change posted to them is refused with the cell named.
    """

    def __init__(self, sheet: Sheet, indicators, years: list[int], data=None,
                 allowed_years: range | None = None, rules: dict | None = None):
        self.sheet, self.years = sheet, years
        self.allowed_years = allowed_years
        self.rules = rules or {}
        self.columns = [self.rules.get(fy) for fy in years]
        self.rows = []
        for indicator in indicators:
            by_year = {v.fiscal_year: v for v in indicator.values.all()}
            cells = [
                ValueForm(data, prefix=f"v{indicator.pk}_{fy}", indicator=indicator,
                          fiscal_year=fy, value=by_year.get(fy), rule=self.rules.get(fy),
                          required=self._requires_actual(indicator, fy))
                for fy in years
            ]
            self.rows.append((indicator, cells))
        self.year_errors: list[str] = []

    def _requires_actual(self, indicator: Indicator, fy: int) -> bool:
        """This year's actual of a verified sheet's indicator (Sheet.missing_parts)."""
        return (self.sheet.verified and fy == self.sheet.fiscal_year
                and not indicator.is_reference)

    @property
    def headers(self) -> list[tuple[int, YearRule | None]]:
        return list(zip(self.years, self.columns, strict=True))

    @property
    def forms(self):
        """The editable cells."""
        return [cell for _, cells in self.rows for cell in cells if not cell.read_only]

    @property
    def read_only_forms(self):
        return [cell for _, cells in self.rows for cell in cells if cell.read_only]

    def _editable(self, fy: int) -> bool:
        rule = self.rules.get(fy)
        return rule is None or rule.editable

    def is_valid(self) -> bool:
        self.year_errors = []
        if self.allowed_years is not None:
            for fy in self.years:
                if fy not in self.allowed_years and self._editable(fy):
                    self.year_errors.append(str(
                        _("%(fy)sは実行プログラムの期間外のため入力できません。") % {"fy": format_fy(fy)}))
        for cell in self.read_only_forms:
            if cell.posted_over_read_only():
                self.year_errors.append(f"{cell.where}: {cell.rule.note}")
        valid = all(form.is_valid() for form in self.forms)
        return valid and not self.year_errors

    def errors(self) -> list[str]:
        errors = list(self.year_errors)
        for form in self.forms:
            for field_errors in form.errors.values():
                errors.extend(field_errors)
        return errors

    def warnings(self) -> list[str]:
        return [w for form in self.forms if form.changed_fields() for w in form.warnings()]

    def inputs(self) -> list[ValueInput]:
        """Only the cells the person changed, each carrying what it changed and the version
        it was opened with: an untouched cell is never written back."""
        return [form.as_input() for form in self.forms if form.changed_fields()]

    def rebased(self, data, stored: dict) -> dict:
        """After a conflict: the posted data laid over what is stored now.

        Fields the person changed keep their input; the rest show what is stored now; the
        hidden originals and versions become today's, so saving again writes only the
        person's own changes. `stored` maps (indicator id, FY) to today's IndicatorValue.
        """
        merged = data.copy()
        for form in self.forms:
            current = stored.get((form.indicator.pk, form.fiscal_year))
            initial = value_initial(current, form.indicator)
            changed = form.changed_fields()
            for name in VALUE_FIELDS:
                text = "" if initial.get(name) is None else str(initial.get(name, ""))
                merged[form.add_initial_prefix(form.add_prefix(name))] = text
                if name not in changed:
                    merged[form.add_prefix(name)] = text
            merged[form.add_prefix("version")] = str(initial["version"])
        return merged

class IndicatorForm(CleanModelForm):
    unit = forms.ChoiceField(label=_("単位"), choices=[("", "—")] + UNIT_CHOICES, required=False)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "kind", "direction", "measure", "order"]


class ReturnForm(CleanForm):
    comment = forms.CharField(label=_("差戻しの理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(CleanForm):
    reason = forms.CharField(label=_("訂正理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CycleStartForm(CleanModelForm):
    fiscal_year = FiscalYearFormField(label=_("年度"))

    class Meta:
        model = Cycle
        fields = ["fiscal_year", "sheet_due", "response_due", "achieved_min", "mostly_min"]
        widgets = {"sheet_due": forms.DateInput(attrs={"type": "date"}),
                   "response_due": forms.DateInput(attrs={"type": "date"})}

    def validate_unique(self):
        # start_cycle reports an existing cycle in Japanese; skip the generic message.
        pass


class CycleEditForm(CleanModelForm):
    class Meta:
        model = Cycle
        fields = ["sheet_due", "response_due", "published_on", "achieved_min", "mostly_min"]
        widgets = {name: forms.DateInput(attrs={"type": "date"})
                   for name in ["sheet_due", "response_due", "published_on"]}


class AddYearForm(CleanForm):
    add_year = FiscalYearFormField(label=_("年度を追加"), required=False)
