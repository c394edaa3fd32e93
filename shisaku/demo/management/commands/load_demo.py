"""Load the demo data and the demo users; running it again changes nothing."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from shisaku.audit.commands import AuditedCommand
from shisaku.demo.loader import create_demo_users, load_demo
from shisaku.demo.others_loader import load_demo_other_sheets
from shisaku.demo.procurement_loader import load_demo_procurement
from shisaku.demo.sheets_loader import load_demo_sheets
from shisaku.demo.verification_loader import load_demo_verification
from shisaku.stats.demo import load_demo_stats


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
                created = load_demo(stdout=self.stdout)
                created.update(load_demo_sheets(stdout=self.stdout))
                for label, count in load_demo_other_sheets(stdout=self.stdout).items():
                    created[label] = created.get(label, 0) + count
                if not no_users:
                    created.update(create_demo_users(stdout=self.stdout))
                for label, count in load_demo_verification(stdout=self.stdout).items():
                    created[label] = created.get(label, 0) + count
                for label, count in load_demo_stats(stdout=self.stdout).items():
                    created[label] = created.get(label, 0) + count
                for label, count in load_demo_procurement(stdout=self.stdout).items():
                    created[label] = created.get(label, 0) + count
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
