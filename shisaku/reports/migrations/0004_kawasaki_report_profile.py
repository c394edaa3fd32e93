"""The model city's report profile: Kawasaki's structure, no optional content (ratings the
city never published are off). A city that differs edits it on the report-profile page."""

from django.db import migrations

SECTIONS = (
    ("introduction", "はじめに", True),
    ("statistics", "市内産業の現状", True),
    ("council", "中小企業活性化施策の検証体制等", True),
    ("implementation", "{年度}中小企業活性化施策の実施状況", True),
    ("appendix", "", False),
)


def create(apps, schema_editor):
    Profile = apps.get_model("reports", "ReportProfile")
    Section = apps.get_model("reports", "ReportSection")
    if Profile.objects.exists():
        return
    profile = Profile.objects.create(
        name="川崎市（モデル市）の報告書", number_headings=True, show_achievement=False,
        show_rating_chart=False, check_action_side_by_side=False)
    for position, (key, heading, numbered) in enumerate(SECTIONS, 1):
        Section.objects.create(profile=profile, key=key, position=position, heading=heading,
                               shown=True, numbered=numbered)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_report_profile"),
    ]

    operations = [
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
