"""shisaku report --year FY --kind full|summary|press --format pdf|docx|html|xlsx -o PATH"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shisaku.lib.era import format_fy, parse_fy
from shisaku.sheets.models import Cycle

from ...build import FORMATS, KINDS, build


class Command(BaseCommand):
    help = "報告書・概要版・報道発表資料を PDF／Word／HTML／Excel で出力します。"
    # Building a document needs no URL or admin checks; skipping them saves a second of startup.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="年度（2021、令和3年度 など）")
        parser.add_argument("--kind", choices=list(KINDS), default="full")
        parser.add_argument("--format", choices=list(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="出力先のファイル（- で標準出力）")

    def handle(self, *args, year, kind, format, output, **options):
        try:
            fy = parse_fy(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        cycle = Cycle.objects.filter(fiscal_year=fy).first()
        if cycle is None:
            raise CommandError(f"{format_fy(fy)}の年度サイクルがありません。")
        started = time.perf_counter()

        def progress(message):
            self.stderr.write(f"\r{KINDS[kind]}（{format}）: {message}…".ljust(50), ending="")
            self.stderr.flush()

        data, doc = build(cycle, kind, format, progress)
        if output == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(output).write_bytes(data)
        elapsed = time.perf_counter() - started
        self.stderr.write(f"\r{KINDS[kind]}（{format}）: {len(data):,} バイト、"
                          f"{elapsed:.2f} 秒".ljust(50))
        for warning in (doc.warnings if doc else []):
            self.stderr.write(f"  注意: {warning}")
