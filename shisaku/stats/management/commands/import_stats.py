"""Import a CSV or Excel file into a statistics dataset: every cell checked, all or nothing."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.dateparse import parse_date

from shisaku.audit.commands import AuditedCommand
from shisaku.stats import importers
from shisaku.stats.models import Dataset


class Command(AuditedCommand):
    help = (
        "統計データ（CSV・Excel）をデータセットに取り込みます。すべてのセルを検証し、"
        "誤りが1つでもあれば何も登録しません（ファイルに含まれる期間の値を置き換えます）"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("path", help="取り込むファイル（.csv .tsv .txt .xlsx、5MBまで）")
        parser.add_argument("--dataset", required=True,
                            help="データセットの識別子（例: census-2016-final-establishments）")
        parser.add_argument("--layout", choices=importers.LAYOUTS, default="wide",
                            help="wide: 項目の列と期間ごとの列（既定） / long: 期間・項目・値の列")
        parser.add_argument("--sheet", help="Excel のシート名（既定は最初のシート）")
        parser.add_argument("--dry-run", action="store_true",
                            help="検証だけ行い、登録しない")
        parser.add_argument("--released-on", dest="released_on",
                            help="数値の公表日（例: 2018-06-28）。報告書はその日以降の日付のものだけが"
                                 "この数値を掲載します")

    def handle(self, *args, path, dataset, layout, sheet=None, dry_run=False, released_on=None,
               **options):
        day = None
        if released_on:
            day = parse_date(str(released_on).strip()) if str(released_on).strip() else None
            if day is None:
                raise CommandError(f"公表日「{released_on}」を読み取れません（例: 2018-06-28）")
        target = Dataset.objects.filter(slug=dataset).first()
        if target is None:
            known = ", ".join(Dataset.objects.values_list("slug", flat=True)) or "（なし）"
            raise CommandError(f"データセット「{dataset}」がありません。登録済み: {known}")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"ファイル「{path}」がありません")
        if file.stat().st_size > importers.MAX_BYTES:
            raise CommandError("ファイルが大きすぎます（上限 5MB）")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"検証中: {done}/{total}行")

        try:
            result = importers.import_file(target, file.read_bytes(), file.name, layout,
                                           dry_run=dry_run, sheet=sheet, progress=progress,
                                           released_on=day)
        except importers.ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(failed.errors)}件の誤りがあるため、何も登録していません") from None
        for warning in result.parsed.warnings:
            self.stdout.write(f"注意: {warning}")
        self.stdout.write(f"{target.title}: {result.summary()}")
