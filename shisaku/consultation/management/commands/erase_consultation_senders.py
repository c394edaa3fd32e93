"""Erase the senders' personal data of public comments whose result has been published for
the keeping period (the daily housekeeping does the same)."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("結果の公表から保存期間（SHISAKU_CONSULTATION_KEEP_DAYS 日）が過ぎた意見公募について、"
            "意見の送り主の氏名・電子メールアドレス・住所を消去します（消去は監査記録に残ります）。")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="この日付（YYYY-MM-DD）として判定する（省略時は今日）")
        parser.add_argument("--days", type=int, help="保存期間の日数（省略時は設定の値）")

    def handle(self, *args, date=None, days=None, **options):
        from shisaku.consultation.retention import erase_senders

        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("日付は YYYY-MM-DD で指定してください。") from exc
        if days is not None and days < 0:
            raise CommandError("保存期間の日数は0以上で指定してください。")
        self.stdout.write(erase_senders(today, days).summary())
