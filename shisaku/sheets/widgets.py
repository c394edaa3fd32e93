"""Form widgets that write their HTML in Python, for the sheet edit form.

The edit form's indicator grid renders some 70 inputs (each value field with its hidden
initial copy): through Django's widget templates (an input template including the
attributes' template, a select including one template per option) they were about half of
the page's time. These widgets print the same markup as Django's templates, character for
character (tests/test_widgets.py compares them on every kind of value and attribute); a
widget given another template falls back to Django's rendering.
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _text(value) -> str:
    """A value as `{{ value|stringformat:'s' }}` prints it (escaped unless marked safe)."""
    text = str(value)
    return text.__html__() if hasattr(text, "__html__") else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html (Django's renderer strips what it renders)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
            f'{_attrs(widget["attrs"])}>')


class PlainInput:
    """text.html and hidden.html: the input template included."""

    default_template = ""

    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != self.default_template:
            return super().render(name, value, attrs, renderer)
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))


class TextInput(PlainInput, forms.TextInput):
    default_template = forms.TextInput.template_name


class HiddenInput(PlainInput, forms.HiddenInput):
    default_template = forms.HiddenInput.template_name


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != forms.Textarea.template_name:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        text = _text(widget["value"]) if widget["value"] else ""
        return mark_safe(f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>'
                         f"\n{text}</textarea>")


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if (self.template_name != forms.Select.template_name
                or self.option_template_name != forms.Select.option_template_name):
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                out.append(f'\n  <option value="{_text(option["value"])}"'
                           f'{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n')
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))
