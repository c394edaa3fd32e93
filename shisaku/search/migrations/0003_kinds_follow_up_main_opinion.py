"""Follow-ups and the main opinions per article are found too.

The index is emptied here: after `migrate`, an empty index over existing records is
filled again from the records (`search.signals._fill_empty_index`), now with the new kinds.
"""

from django.db import migrations, models


def empty_the_index(apps, schema_editor):
    apps.get_model("search", "SearchEntry").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_engine_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(choices=[
                ("project", "事務事業"), ("sheet", "事業シート"), ("indicator", "成果・活動指標"),
                ("opinion", "検証意見"), ("response", "対応"), ("follow_up", "フォローアップ"),
                ("main_opinion", "主な検証意見"), ("dataset", "統計")],
                max_length=20, verbose_name="種類"),
        ),
        migrations.RunPython(empty_the_index, migrations.RunPython.noop),
    ]
