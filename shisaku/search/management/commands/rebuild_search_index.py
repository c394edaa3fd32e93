"""`shisaku rebuild-search-index`: the whole search index again from the records."""

from django.core.management.base import BaseCommand

from shisaku.search import index


class Command(BaseCommand):
    help = ("検索索引を記録から作り直します（バックアップからの復元や一括登録の後に。"
            "通常は記録の保存のたびに自動で更新されます）")

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"検索索引を作り直しました（{count}件）。")
