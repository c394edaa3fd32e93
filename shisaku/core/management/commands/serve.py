"""Serve the app the way production does: gunicorn, static files by WhiteNoise, and the
worker that runs background jobs (`shisaku worker`) beside it unless --no-worker."""

import os
import signal
import subprocess
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
        parser.add_argument(
            "--no-worker", action="store_true",
            default=os.environ.get("SHISAKU_WORKER", "1").strip().lower() in {"0", "false", "no", "off"},
            help="バックグラウンド処理のワーカーを起動しない（ワーカーを別のマシンで動かすとき）")

    # The checks run below, with the deployment checks in production: an unsafe production
    # setting (shisaku/core/checks.py) stops the command before gunicorn starts.
    requires_system_checks = []

    def handle(self, *args, host, port, workers, no_migrate, no_worker, **options):
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
        if no_worker:
            os.execv(sys.executable, argv)
        # Own sessions: Ctrl+C reaches only this process, which stops both in order.
        worker = subprocess.Popen([sys.executable, "-m", "shisaku.cli", "worker"],
                                  start_new_session=True)
        server = subprocess.Popen(argv, start_new_session=True)
        sys.exit(supervise(server, worker))


def supervise(server: subprocess.Popen, worker: subprocess.Popen) -> int:
    """Wait for the server; Ctrl+C or SIGTERM stops both, and so does either one ending."""
    asked = []

    def stop(signum, frame):
        asked.append(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not asked and server.poll() is None and worker.poll() is None:
            try:
                server.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    for process in (server, worker):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in (server, worker):
        try:
            process.wait(timeout=30)  # a job that is running finishes first
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if asked:
        return 0
    ended = server if server.returncode is not None and server.returncode != -signal.SIGTERM else worker
    sys.stderr.write(f"Shisaku: {'server' if ended is server else 'worker'} stopped "
                     f"(exit {ended.returncode}); stopped the other too.\n")
    return ended.returncode or 1
