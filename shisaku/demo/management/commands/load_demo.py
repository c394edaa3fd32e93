"""Load the demo data and the demo users; running it again changes nothing."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from shisaku.audit.commands import AuditedCommand
from shisaku.demo.everything import load_everything


def _messages(error: ValidationError) -> str:
    return " / ".join(str(message) for message in error.messages)


class Command(AuditedCommand):
    help = (
        "デモデータ（川崎市の計画・条例・事務事業）と "
        "デモ利用者を読み込みます（何度実行しても同じ結果）"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-users", action="store_true", help="デモ利用者を作成しない"
        )

    def handle(self, *args, no_users: bool = False, **options):
        try:
            # One transaction over every step: a failure leaves the database as it was.
            with transaction.atomic():
                created = load_everything(stdout=self.stdout, users=not no_users,
                                          publish_past=True)
        except ValidationError as error:
            raise CommandError(
                f"デモデータを読み込めませんでした（変更は取り消しました）: {_messages(error)}"
            ) from error
        self.stdout.write(self.summary(created))

    @staticmethod
    def summary(created: dict[str, int]) -> str:
        total = sum(created.values())
        if total == 0:
            return "完了: 新しく作成した行はありません（すべて登録済みです）。"
        parts = [
            f"{apps.get_model(label)._meta.verbose_name} {count}件"
            for label, count in created.items()
            if count
        ]
        return f"完了: {total}件を作成しました（{'、'.join(parts)}）。"
