"""shisaku import-ordinance PATH [--user NAME] [--dry-run]: the ordinance printed as a report's
appendix ((参考) …条例), stored with its structure through the ordinance service.

The report importer (import-report) stores it too; this command is for a year already
published, whose report the importer only compares."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from shisaku.audit.commands import AuditedCommand
from shisaku.audit.context import command_user
from shisaku.ingest.reader import ReportError, read_bytes
from shisaku.lib.articles import format_article
from shisaku.ordinance.parse import parse_appendix
from shisaku.ordinance.services import save_ordinance

MAX_BYTES = 20 * 1024 * 1024


class Command(AuditedCommand):
    help = ("報告書のテキストの巻末「（参考）…条例」を読み取り、前文・条・見出し・項・号・附則を"
            "条例として登録します。要約（デモ）は市の本文で置き換わります。同じファイルを2回"
            "読み込んでも変わりません")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", help="報告書のテキストファイル")
        parser.add_argument("--dry-run", action="store_true",
                            help="読み取って内容を表示するだけで、何も登録しない")

    def handle(self, *args, path, dry_run=False, acting_user=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)}MB）。")
        try:
            text, _kind, _encoding, _truncated = read_bytes(file.read_bytes(), MAX_BYTES)
        except ReportError as exc:
            raise CommandError(exc.message) from exc
        parsed = parse_appendix(text)
        if parsed is None:
            raise CommandError("「（参考）…条例」の付録が見つかりません。何も登録していません。")
        for line, message in parsed.warnings:
            self.stderr.write(f"{line}行目: {message}")
        user = command_user(acting_user)
        try:
            with transaction.atomic():
                result = save_ordinance(parsed, user, summarised=False,
                                        check_access=user is not None)
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            raise CommandError("条例を登録できません（" + "; ".join(exc.messages)
                               + "）。何も登録していません。") from exc
        counts = result.counts
        verb = "登録する内容" if dry_run else "登録しました"
        self.stdout.write(
            f"{parsed.title}: {format_article(1)}～{format_article(len(parsed.articles))}、前文{len(parsed.preamble)}段落"
            f"{'、附則' if parsed.supplementary else ''}。{verb}（作成 {counts['created']}件、"
            f"更新 {counts['updated']}件、変更なし {counts['unchanged']}件）。")
