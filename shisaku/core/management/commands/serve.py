"""Serve the app the way production does: gunicorn, static files by WhiteNoise."""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "本番と同じ構成（gunicorn＋WhiteNoise）でアプリを起動します。PORT・HOST で待受先を変更できます。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--no-migrate", action="store_true", help="migrate を実行しない")

    # The checks run below, with the deployment checks in production: an unsafe production
    # setting (shisaku/core/checks.py) stops the command before gunicorn starts.
    requires_system_checks = []

    def handle(self, *args, host, port, workers, no_migrate, **options):
        from django.conf import settings

        call_command("check", deploy=settings.PRODUCTION, fail_level="ERROR")
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Shisaku: http://{host}:{port}/ （停止は Ctrl+C）")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "shisaku.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            "--access-logfile", "-",
            "--forwarded-allow-ips", "127.0.0.1",
        ]
        os.execv(sys.executable, argv)
