"""Drive a Django admin change form as a browser would: post back what the page shows."""

from datetime import date, datetime

from django import forms


def _shown(bound_field):
    """The value a browser would send back for this field, untouched."""
    value = bound_field.value()
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    if getattr(widget, "input_type", None) == "number":
        # A browser drops a value a number box cannot hold and posts the field empty.
        try:
            float(text)
        except ValueError:
            return ""
    return text


def unchanged_post_data(response) -> dict:
    """The POST a user sends by pressing 保存 on the change page without touching anything."""
    ctx = response.context
    form_list = [ctx["adminform"].form]
    for inline in ctx["inline_admin_formsets"]:
        formset = inline.formset
        form_list.append(formset.management_form)
        form_list.extend(formset.forms)
    data = {}
    for form in form_list:
        for name in form.fields:
            shown = _shown(form[name])
            if shown is not None:
                data[form.add_prefix(name)] = shown
    return data
