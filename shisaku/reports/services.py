"""Every write of the report profile: the planning division only, as of the version the form
was opened with (a stale save raises core.concurrency.EditConflict and writes nothing),
validated, in one transaction; the audit trail follows each row it changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import changed_fields, lock_current, save_versioned

from . import profile as report_profile
from .models import ReportProfile, ReportSection

PROFILE_FIELDS = ("name", "number_headings", "show_achievement", "show_rating_chart",
                  "check_action_side_by_side")
SECTION_FIELDS = ("heading", "position", "shown", "numbered")
# Sections whose heading the section writes itself (the appendix: the ordinance's title).
OWN_HEADING = {ReportSection.Key.APPENDIX}


@audited
@transaction.atomic
def save_profile(user, *, expected_version: int | None, values: dict,
                 sections: dict[str, dict]) -> ReportProfile:
    """Change the profile (`values`: PROFILE_FIELDS) and its sections (`sections`: key →
    SECTION_FIELDS). The first save stores Kawasaki's profile with the changes."""
    access.require(access.can_manage_cycle(user))
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    validate_sections(sections)
    stored = ReportProfile.objects.order_by("pk").first()
    if stored is None:
        profile = report_profile.kawasaki_profile()
        changed = changed_fields(profile, values)
        profile.full_clean()
        save_versioned(profile, changed, user=user)
        for section in report_profile.kawasaki_sections(profile):
            section.full_clean()
            section.save()
    else:
        profile = lock_current(ReportProfile.objects.all(), stored.pk, expected_version)
        changed = changed_fields(profile, values)
        profile.full_clean()
    moved = _save_sections(profile, sections)
    save_versioned(profile, changed, user=user, force=moved)
    return profile


def validate_sections(sections: dict[str, dict]) -> None:
    errors = []
    for key, fields in sections.items():
        if key not in ReportSection.Key.values:
            raise TypeError(f"unknown report section: {key}")
        unknown = set(fields) - set(SECTION_FIELDS)
        if unknown:
            raise TypeError(f"unknown section fields: {sorted(unknown)}")
        if (fields.get("shown") and key not in OWN_HEADING
                and not (fields.get("heading") or "").strip()):
            errors.append(_("「%(section)s」を掲載するときは見出しを入力してください。") % {
                "section": ReportSection.Key(key).label})
    if errors:
        raise ValidationError(errors)


def _save_sections(profile: ReportProfile, sections: dict[str, dict]) -> bool:
    stored = {s.key: s for s in ReportSection.objects.select_for_update()
              .filter(profile=profile)}
    defaults = {s.key: s for s in report_profile.kawasaki_sections(profile)}
    any_changed = False
    for key, fields in sections.items():
        section = stored.get(key) or defaults[key]
        changed = changed_fields(section, fields)
        if section.pk is not None and not changed:
            continue
        section.full_clean()
        section.save()
        any_changed = True
    return any_changed
