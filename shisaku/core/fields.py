"""Fiscal-year fields: stored as a plain integer, typed in any written form."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shisaku.lib.era import format_fy, parse_fy

from .validation import reject_control_characters

FY_MIN = 1950
FY_MAX = 2200


class FiscalYearInput(forms.TextInput):
    """A text box: the year is shown as 令和3（2021）年度, which a number box cannot hold."""


def _is_number_widget(widget) -> bool:
    cls = widget if isinstance(widget, type) else type(widget)
    return issubclass(cls, forms.NumberInput)


class FiscalYearFormField(forms.CharField):
    """Accepts 令和3（2021）年度, R3 (2021) 年度, 2021, ... and cleans to 2021.

    The stored integer is shown in its written form, so the widget must be a text box.
    Callers that pick widgets by the model field's type (the admin gives every IntegerField
    a ``type="number"`` box) would make the browser drop that value and post the field
    empty; such a number widget is replaced by a text box here.
    """

    widget = FiscalYearInput

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        kwargs.pop("step_size", None)
        if _is_number_widget(kwargs.get("widget") or self.widget):
            kwargs["widget"] = FiscalYearInput
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("placeholder", _("例: 令和3年度 / 2021"))

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_fy(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        reject_control_characters(value)  # before parsing: the message names the character
        try:
            fy = parse_fy(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid_fiscal_year") from exc
        if not FY_MIN <= fy <= FY_MAX:
            raise forms.ValidationError(
                _("年度は%(min)s年度から%(max)s年度の間で入力してください。"),
                params={"min": FY_MIN, "max": FY_MAX},
                code="fiscal_year_range",
            )
        return fy


class FiscalYearField(models.PositiveSmallIntegerField):
    """A fiscal year (年度) named by its start year, e.g. 2021 for 令和3年度."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(FY_MIN), MaxValueValidator(FY_MAX)])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs["form_class"] = FiscalYearFormField
        kwargs.pop("choices_form_class", None)
        return models.Field.formfield(self, **kwargs)
