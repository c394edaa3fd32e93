"""shisaku import-report PATH --fiscal-year FY [--published-on DATE] [--user NAME] [--dry-run]
[--json] [--replace]"""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from shisaku.audit.commands import AuditedCommand
from shisaku.audit.context import command_user
from shisaku.ingest import reader, report_import
from shisaku.ingest.reader import ReportError
from shisaku.lib.era import format_fy, parse_date, parse_fy

MAX_BYTES = 50 * 1024 * 1024  # the command reads whole printed reports (PDF) too
LONG_FILE_LINES = 1000


class Command(AuditedCommand):
    help = (
        "過去の実施状況報告書（テキスト: UTF-8・BOM付きUTF-8・Shift_JIS、または PDF）を読み取り、"
        "事業シート・指標・検証意見・対応などを1つのトランザクションで登録します。"
        "取り込んだ年度は、市が報告書の日付で公表した年度（公表済）として記録します。"
        "Shisaku で公表済の年度には取り込みません（--replace でも同じ）。同じファイルを2回取り込んでも変わりません"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)  # --user: the actor in the audit trail and of the import
        parser.add_argument("path", help="報告書のファイル（.txt または .pdf）")
        parser.add_argument("--fiscal-year", required=True,
                            help="報告書の年度（2021、令和3年度、R3 など）")
        parser.add_argument("--dry-run", action="store_true",
                            help="読み取って内容を表示するだけで、何も登録しない")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="読み取った内容を1つの JSON 文書として標準出力に書く")
        parser.add_argument("--replace", action="store_true",
                            help="登録済みの統計（第19条の契約実績）も報告書の値で置き換える。"
                                 "公表済の年度は置き換えない")
        parser.add_argument("--published-on", dest="published_on",
                            help="市が報告書を公表した日（2022-08-31、令和4年8月31日 など）。"
                                 "報告書に日付が印刷されていないときに記録する")

    def handle(self, *args, path, fiscal_year, dry_run=False, as_json=False, replace=False,
               published_on=None, acting_user=None, **options):
        try:
            fy = parse_fy(str(fiscal_year))
        except ValueError as exc:
            raise CommandError(f"年度「{fiscal_year}」を読み取れません（例: 2021、令和3年度）。") from exc
        day = None
        if published_on:
            try:
                day = parse_date(str(published_on))
            except ValueError as exc:
                raise CommandError(f"公表日「{published_on}」を読み取れません"
                                   "（例: 2022-08-31、令和4年8月31日）。") from exc
        user = command_user(acting_user)
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)}MB）。")
        progress = _Progress(self.stderr)
        try:
            data = file.read_bytes()
            report = reader.parse_bytes(data, fy, max_bytes=MAX_BYTES,
                                               progress=progress.step("読み取り"),
                                               layout=report_import.layouts())
            progress.done()
            report_import.check_report(report, fy)
            result = None
            source = {"published_on": day, "user": user, "source_name": file.name,
                      "source_pdf": data if report.source == "pdf" else None}
            if dry_run:
                result = self._would(report, fy, replace, progress, source)
            else:
                result = report_import.import_report(report, fiscal_year=fy, replace=replace,
                                                     progress=progress.step("登録"), **source)
                progress.done()
        except ReportError as exc:
            progress.done()
            raise CommandError(exc.message) from None
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を読めません（{exc.strerror}）。") from None
        if as_json:
            document = report.to_json()
            document["import"] = result.to_json() if result is not None else None
            self.stdout.write(_dumps(document))
            return
        self._print(report, result, dry_run)

    def _would(self, report, fy, replace, progress, source):
        """What an import would change, computed in a transaction that is rolled back."""
        try:
            result = report_import.import_report(report, fiscal_year=fy, replace=replace,
                                                 dry_run=True, progress=progress.step("確認"),
                                                 **source)
        except DatabaseError:
            return None
        except ReportError as exc:
            if "登録中に問題" in exc.message:
                return None
            raise
        finally:
            progress.done()
        return result

    def _print(self, report, result, dry_run):
        out = self.stdout
        out.write(f"{format_fy(report.fiscal_year)}の報告書: {report.summary()}")
        for sheet in report.sheets:
            out.write(f"  {sheet.heading}: 指標{len(sheet.indicators)}件、"
                      f"検証意見{len(sheet.opinions)}件、対応{len(sheet.responses)}件"
                      + (f"（{'関連事業' if sheet.opinion_scope == 'group' else 'シート'}の意見）"
                         if sheet.opinion_scope else ""))
        if report.procurement is not None:
            proc = report.procurement
            out.write(f"  受注機会の増大等（第19条）: 契約実績{len(proc.contracts)}件、"
                      f"検証意見{len(proc.opinions)}件、対応{len(proc.responses)}件")
        for warning in sorted(report.warnings, key=lambda w: w.line):
            out.write(f"注意: {warning.line}行目: {warning.message}")
        if result is not None:
            for warning in result.warnings:
                prefix = f"{warning.line}行目: " if warning.line else ""
                out.write(f"注意: {prefix}{warning.message}")
            out.write(result.summary())
        elif dry_run:
            out.write("確認のみ（--dry-run）: 何も登録していません。")


def _dumps(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)


class _Progress:
    """A progress line on stderr for long files ("\r読み取り 45%"); silent for short ones."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.enabled: bool | None = None
        self.active = False
        self.last = -1

    def step(self, label: str):
        self.last = -1

        def report(done: int, total: int) -> None:
            if self.enabled is None:
                self.enabled = total >= LONG_FILE_LINES
            if not self.enabled or total < 1:
                return
            percent = min(100, done * 100 // total)
            if percent == self.last:
                return
            self.last = percent
            if self.tty:
                self.active = True
                self.stream.write(f"\r{label} {percent}%", ending="")
                self.stream.flush()
            elif percent == 100:
                self.stream.write(f"{label} 100%")

        return report

    def done(self) -> None:
        if self.active:
            self.stream.write("")
            self.active = False
