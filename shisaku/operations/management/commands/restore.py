"""shisaku restore PATH [--check]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError
from ...restore import check_backup, restore_backup


class Command(BaseCommand):
    requires_system_checks = []  # reads and writes data only: start faster
    help = ("バックアップを空のデータベースに復元し、モデルごとの行数と公表文書の SHA-256 を"
            "照合します（チェックサムが一致しないバックアップは復元しません）。")

    def add_arguments(self, parser):
        parser.add_argument("path", help="`shisaku backup` が作ったディレクトリ")
        parser.add_argument("--check", action="store_true",
                            help="チェックサムと復元先との適合だけを確かめ、何も書き込まない")

    def handle(self, *args, path, check, **options):
        log = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            if check:
                manifest = check_backup(Path(path))
                log(f"バックアップは完全です（{len(manifest['files'])} ファイル、"
                    f"{manifest['created_at']} 作成）。このデータベースに復元できます。")
                return
            report = restore_backup(Path(path), log=log)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        mismatches = report.count_mismatches
        log(f"行数: {len(report.counts)} モデル中 {len(report.counts) - len(mismatches)} "
            "モデルが目録と一致")
        for label, (expected, restored) in mismatches.items():
            self.stderr.write(f"  {label}: 目録 {expected} 行、復元後 {restored} 行")
        for file in report.missing_documents:
            self.stderr.write(f"  公表文書 {file}: 復元後のデータベースに同じ記録がありません")
        for failure in report.verification.failures:
            self.stderr.write(f"  {failure}")
        if report.unapplied_migrations:
            log(f"この版には未適用のマイグレーションが {len(report.unapplied_migrations)} 件あります。"
                "`shisaku migrate` を実行してください。")
        if not report.ok:
            raise CommandError("復元したデータがバックアップの目録と一致しません（上の一覧）。")
        log(f"公表文書: {report.verification.checked} 件すべて SHA-256 が一致")
        log("復元が完了しました。")
