"""Base forms of the site: every text field refuses control characters.

Every Shisaku form derives from `CleanForm` or `CleanModelForm` (or mixes in
`CleanTextMixin`); `core/tests/test_control_characters.py` walks every form class of the
project and fails for one that does not.
"""

from django import forms

from .validation import guard_form_fields


class CleanTextMixin:
    """Text fields refuse control characters, whenever the fields were added."""

    def full_clean(self):
        guard_form_fields(self.fields)
        super().full_clean()


class CleanForm(CleanTextMixin, forms.Form):
    pass


class CleanModelForm(CleanTextMixin, forms.ModelForm):
    pass
