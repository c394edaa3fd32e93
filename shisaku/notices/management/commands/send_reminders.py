"""Send the deadline reminders now (the daily job does the same): each event once per person."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "期限の近いシート提出・対応などのリマインダーを、作業の残っている人に送ります（同じ通知は二度送りません）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="この日付（YYYY-MM-DD）として判定する（省略時は今日）")

    def handle(self, *args, date=None, **options):
        from shisaku.notices.reminders import send_reminders

        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("日付は YYYY-MM-DD で指定してください。") from exc
        sent = send_reminders(today)
        self.stdout.write(sent.summary())
