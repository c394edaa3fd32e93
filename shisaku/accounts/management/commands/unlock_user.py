from django.core.management.base import CommandError

from shisaku.accounts.lockout import unlock
from shisaku.audit.commands import AuditedCommand


class Command(AuditedCommand):
    help = ("ログインのロックを解除する: unlock a user locked out after repeated failed "
            "sign-ins (every address, or only --ip), or an address (--ip alone)")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("username", nargs="?", default="", help="ロックを解除するユーザー名")
        parser.add_argument("--ip", default="", help="このアドレスからの失敗だけを消す（ユーザー名なしでアドレスのロックを解除）")

    def handle(self, *args, username: str = "", ip: str = "", **options):
        if not username and not ip:
            raise CommandError("ユーザー名または --ip を指定してください。")
        count = unlock(None, username=username, ip_address=ip)
        target = " ".join(part for part in (username, ip) if part)
        self.stdout.write(f"{target}: ログイン失敗の記録 {count}件を消去し、ロックを解除しました。"
                          if count else f"{target}: ロックも失敗の記録もありません。")
