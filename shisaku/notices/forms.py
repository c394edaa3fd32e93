"""The year's schedule as a form: one date per step, and each section's own dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.forms import CleanForm

from .models import SECTION_STEPS, Step


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _date(label) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput(),
                           error_messages={"invalid": _("日付は YYYY-MM-DD で入力してください。")})


class ScheduleForm(CleanForm):
    """Fields `due_<step>` (the year's dates) and `s<section id>_<step>` (a section's own)."""

    def __init__(self, *args, schedule, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for step in Step:
            self.fields[f"due_{step.value}"] = _date(step.label)
            self.initial[f"due_{step.value}"] = schedule.dates.get(step)
        for section in self.sections:
            for step in SECTION_STEPS:
                name = f"s{section.pk}_{step.value}"
                self.fields[name] = _date(f"{section.name} {step.label}")
                self.initial[name] = schedule.section_dates.get((section.pk, step.value))

    def year_fields(self):
        return [self[f"due_{step.value}"] for step in Step]

    def section_step_labels(self):
        return [step.label for step in SECTION_STEPS]

    def section_rows(self):
        return [(section, [self[f"s{section.pk}_{step.value}"] for step in SECTION_STEPS])
                for section in self.sections]

    def dates(self) -> dict:
        return {step.value: self.cleaned_data[f"due_{step.value}"] for step in Step}

    def section_dates(self) -> dict:
        return {(section.pk, step.value): self.cleaned_data[f"s{section.pk}_{step.value}"]
                for section in self.sections for step in SECTION_STEPS}


class PreferenceForm(CleanForm):
    email = forms.BooleanField(label=_("お知らせをメールでも受け取る"), required=False)
