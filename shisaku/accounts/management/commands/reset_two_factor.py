from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from shisaku.accounts import two_factor
from shisaku.audit.commands import AuditedCommand


class Command(AuditedCommand):
    help = ("2段階認証の登録を解除する: remove a user's TOTP devices (a lost phone); they enrol "
            "again at their next sign-in")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("username", help="2段階認証の登録を解除するユーザー名")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ユーザー「{username}」は登録されていません。")
        count = two_factor.reset(user)
        self.stdout.write(f"{username}: 2段階認証の登録 {count}件を解除しました。")
