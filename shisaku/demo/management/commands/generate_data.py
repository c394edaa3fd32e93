"""Generate a synthetic municipality (for load tests) into an empty database."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shisaku.demo.synthetic import Size, generate


class Command(BaseCommand):
    help = (
        "負荷試験用の合成データ（架空の市、デモの N 倍: 年度・事務事業・指標・検証意見・統計）を"
        "空のデータベースに作成します（同じ --seed なら同じ行）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="規模（1 = デモ相当、10 = 12年度×350事業×5指標）")
        parser.add_argument("--seed", type=int, default=1, help="乱数の種（同じ種なら同じデータ）")

    def handle(self, *args, scale: float, seed: int, **options):
        try:
            size = Size.of(scale)
            self.stdout.write(f"合成データ: {size.years}か年度 × {size.projects}事業 × "
                              f"{size.indicators}指標（seed {seed}）")
            created = generate(scale, seed, stdout=self.stdout)
            # The rows are written in bulk (no save signals): index them once, at the end.
            from shisaku.search import index

            index.rebuild()
        except ValidationError as error:
            raise CommandError(" / ".join(error.messages)) from error
        total = sum(created.values())
        self.stdout.write(f"完了: {total}件を作成しました（"
                          + "、".join(f"{label} {n}" for label, n in created.items() if n) + "）。")
