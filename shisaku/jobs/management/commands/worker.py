"""The worker: runs queued jobs (django-tasks-db's worker) and schedules the daily ones."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "バックグラウンド処理（文書の作成・公表・大きな取込み・毎日の後片付け・期限のリマインダー）を実行するワーカーを起動します。"

    # `serve` (and every deployment's `shisaku check --deploy`) runs the system checks; the
    # worker starts without them, in a second instead of three.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true",
                            help="待機中の処理をすべて実行したら終了する")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="処理がないとき次に確かめるまでの秒数")

    def handle(self, *args, batch, interval, **options):
        from django.conf import settings

        from shisaku.jobs.services import schedule_housekeeping, schedule_reminders

        job = schedule_housekeeping()
        schedule_reminders()
        if options["verbosity"]:
            self.stdout.write(f"Shisaku worker: 次の定期処理 {job.run_after:%Y-%m-%d %H:%M}")
            self.stdout.flush()
        if settings.SHISAKU_TASKS_BACKEND == "rq":  # the queue in Redis: RQ's own worker
            arguments = ["default", "--with-scheduler", "--job-class",
                         "django_tasks_rq.backend.Job"] + (["--burst"] if batch else [])
            call_command("rqworker", *arguments, verbosity=options["verbosity"])
            return
        arguments = ["--queue-name", "*", "--interval", str(interval), "--no-reload",
                     "--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments, verbosity=options["verbosity"])
