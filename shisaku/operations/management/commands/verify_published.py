"""shisaku verify-published"""

from django.core.management.base import CommandError

from shisaku.audit.commands import AuditedCommand

from ...published import record_verification, verify_published


class Command(AuditedCommand):
    requires_system_checks = []  # reads and writes data only: start faster
    help = ("公表文書のすべてを、公表時に記録した SHA-256 と照合します（不一致があれば一覧して"
            "終了コード 1）。")

    def handle(self, *args, **options):
        result = verify_published()
        record_verification(result)
        for failure in result.failures:
            self.stderr.write(str(failure))
        if not result.ok:
            raise CommandError(f"公表文書 {result.checked} 件中 {len(result.failures)} 件が"
                               "記録された SHA-256 と一致しません。")
        if options["verbosity"] > 0:
            self.stdout.write(f"公表文書 {result.checked} 件すべて SHA-256 が一致しました。")
