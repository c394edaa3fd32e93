"""The edit form's widgets (sheets/widgets.py) print what Django's widget templates print."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from shisaku.sheets import widgets

VALUES = [None, "", "59", 0, 12.5, "<b>\"a\" & 'b'</b>", mark_safe("<i>safe</i>"), "改行\nあり"]
ATTRS = [None, {}, {"size": 8, "inputmode": "decimal"}, {"required": True, "disabled": False},
         {"aria-required": "true", "placeholder": "59（新規38件・変更21件）", "data-x": "<&>"}]
PAIRS = [(widgets.TextInput, forms.TextInput), (widgets.HiddenInput, forms.HiddenInput),
         (widgets.Textarea, forms.Textarea)]
CHOICES = [("measured", "実績"), ("none", "<なし>"), ("", "—"),
           ("group", [("a", "A"), ("b", "B & C")])]


@pytest.mark.parametrize("fast, django", PAIRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_an_input_prints_what_djangos_template_prints(fast, django, value, attrs):
    own = {"class": "x", "size": 14} if attrs is None else {}
    assert (fast(attrs=own).render("name-1", value, attrs=attrs)
            == django(attrs=own).render("name-1", value, attrs=attrs))


@pytest.mark.parametrize("value", ["measured", "none", "", "b", None, "unknown"])
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_select_prints_what_djangos_template_prints(value, attrs):
    fast = widgets.Select(choices=CHOICES).render("status", value, attrs=attrs)
    assert fast == forms.Select(choices=CHOICES).render("status", value, attrs=attrs)
    assert "<option" in fast


def test_a_widget_given_another_template_is_rendered_by_django():
    widget = widgets.TextInput()
    widget.template_name = "django/forms/widgets/hidden.html"
    assert 'type="text"' in widget.render("a", "1")
