"""The classes most cities use for how an opinion was reflected (A 反映 … E その他); the
admin changes them."""

from django.db import migrations

DEFAULTS = (
    ("A", "意見を踏まえ、案に反映するもの"),
    ("B", "意見の趣旨が既に案に反映されているもの"),
    ("C", "今後の取組の参考とするもの"),
    ("D", "案の内容に関する質問・要望で、趣旨が案に記載されていないもの"),
    ("E", "その他"),
)


def add_defaults(apps, schema_editor):
    ViewClass = apps.get_model("consultation", "ViewClass")
    if ViewClass.objects.exists():
        return
    for order, (code, label) in enumerate(DEFAULTS, start=1):
        ViewClass.objects.create(code=code, label=label, order=order)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
