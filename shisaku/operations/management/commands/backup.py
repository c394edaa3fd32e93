"""shisaku backup PATH [--json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, create_backup


class Command(BaseCommand):
    requires_system_checks = []  # reads and writes data only: start faster
    help = ("データベース・公表文書・目録（チェックサム、行数、復元に必要な設定）をバックアップします"
            "（SECRET_KEY とパスワードは含めません）。")

    def add_arguments(self, parser):
        parser.add_argument("path", help="書き出す先のディレクトリ（新規または空）")
        parser.add_argument("--json", action="store_true",
                            help="データベースを Django の dumpdata（JSON）で保存する"
                                 "（SQLite と PostgreSQL の間の移行用）")

    def handle(self, *args, path, json, **options):
        log = self.stdout.write if options["verbosity"] > 0 else (lambda message: None)
        try:
            manifest = create_backup(Path(path), portable=json, log=log)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if manifest["database"]["note"]:
            self.stderr.write(f"注意: {manifest['database']['note']}")
        for document in manifest["published"]:
            if not document["matches"]:
                self.stderr.write(f"警告: 公表文書 {document['file']} が記録された SHA-256 と"
                                  "一致しません（そのまま保存しました）。"
                                  "`shisaku verify-published` で確認してください。")
        log(f"バックアップを作成しました: {path}（{len(manifest['files'])} ファイル）")
