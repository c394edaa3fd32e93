"""The report-profile form: the optional content, the numbering, and one row per section."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedForm

from . import profile as report_profile
from .models import ReportProfile, ReportSection
from .services import PROFILE_FIELDS, SECTION_FIELDS


class ReportProfileForm(VersionedForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    number_headings = forms.BooleanField(required=False)
    show_achievement = forms.BooleanField(required=False)
    show_rating_chart = forms.BooleanField(required=False)
    check_action_side_by_side = forms.BooleanField(required=False)

    def __init__(self, *args, profile: ReportProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        for name in PROFILE_FIELDS[1:]:  # the flags: labels and help from the model
            model_field = ReportProfile._meta.get_field(name)
            self.fields[name].label = model_field.verbose_name
            self.fields[name].help_text = model_field.help_text
        for name in PROFILE_FIELDS:
            self.fields[name].initial = getattr(profile, name)
        self.init_version(profile)
        self.sections = report_profile.sections(profile)
        for section in self.sections:
            key = section.key
            self.fields[f"{key}-heading"] = forms.CharField(
                label=_("見出し"), max_length=200, required=False, initial=section.heading,
                help_text=ReportSection._meta.get_field("heading").help_text)
            self.fields[f"{key}-position"] = forms.IntegerField(
                label=_("順番"), min_value=0, max_value=99, initial=section.position)
            self.fields[f"{key}-shown"] = forms.BooleanField(
                label=_("掲載する"), required=False, initial=section.shown)
            self.fields[f"{key}-numbered"] = forms.BooleanField(
                label=_("番号を付ける"), required=False, initial=section.numbered)

    def flag_fields(self):
        return [self[name] for name in PROFILE_FIELDS[1:]]

    def section_rows(self):
        """(section label, its bound fields in SECTION_FIELDS order) for the table."""
        return [(section.get_key_display(), [self[f"{section.key}-{name}"]
                                             for name in SECTION_FIELDS])
                for section in self.sections]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}

    def section_values(self) -> dict[str, dict]:
        return {section.key: {name: self.cleaned_data[f"{section.key}-{name}"]
                              for name in SECTION_FIELDS}
                for section in self.sections}

    def draft(self) -> ReportProfile:
        """The profile as the form says, unsaved (the preview before saving)."""
        draft = ReportProfile(**self.values())
        draft.draft_sections = [
            ReportSection(key=key, **fields) for key, fields in self.section_values().items()]
        return draft
