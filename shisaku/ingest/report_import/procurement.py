"""The procurement page: its opinions (article scope), its page texts and evaluation
items, and the contract figures as statistics."""

from __future__ import annotations

import datetime
import re

from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.verification.models import (
    Opinion,
)

from .. import reader as rp


class _Procurement:
    """Methods of the importer's writer (report_import._Writer)."""

    def _procurement(self, proc: rp.Procurement) -> bool:
        new_response = False
        article = self._article(proc.article, proc.line)
        if proc.opinions or proc.responses:
            if article is None:
                self.warn(proc.line, f"{format_article(proc.article)}が登録されていないため、"
                                     f"{proc.title}の検証意見を登録できません。")
            else:
                key = {"cycle": self.cycle, "scope": Opinion.Scope.ARTICLE, "article": article}
                new_response = self._opinions(key, proc.opinions, proc.responses,
                                              self.cycle.is_published,
                                              None, format_article(proc.article), proc.line)
        if proc.plan or proc.parts or proc.evaluation_items:
            self._procurement_page(proc)
        self._figures(proc)
        return new_response

    def _procurement_page(self, proc: rp.Procurement) -> None:
        """The page's texts and its 主観評価項目 table (sheets.ProcurementPage), through the
        page's one write path; a published year or a page written otherwise is compared."""
        from shisaku.sheets.models import ProcurementPage
        from shisaku.sheets.procurement import EvaluationRow, page_of, save_procurement_page

        texts = {name: proc.parts.get(name, "") for name in ProcurementPage.TEXT_FIELDS}
        texts["plan"] = proc.plan
        texts["evaluation_title"] = proc.parts.get("evaluation_title", "")
        rows = [EvaluationRow(item["name"][:200], int(re.sub(r"\D", "", item["points"]) or 0),
                              item.get("group", "")[:40],
                              datetime.date.fromisoformat(item["added_on"])
                              if item.get("added_on") else None)
                for item in proc.evaluation_items]
        stored = page_of(self.cycle)
        if stored is not None:
            same = all(getattr(stored, name) == value for name, value in texts.items()) and [
                EvaluationRow(i.name, i.points, i.group, i.added_on)
                for i in stored.evaluation_items.order_by("order")] == rows
            if same:
                self.result.unchanged["procurement_page"] += 1
                return
            if self.cycle.is_published or not self.replace:
                self.result.skipped["procurement_page"] += 1
                self.warn(proc.line, f"{format_article(proc.article)}の頁（事業計画・実施状況・主観評価項目）は登録済みで、"
                                     "報告書と異なります。上書きしません"
                                     + ("（公表済）。" if self.cycle.is_published
                                        else "（--replace で置き換え）。"))
                return
        elif self.cycle.is_published:
            # The published record never had the page: it stays as it was published.
            self.warn(proc.line, f"公表済の年度のため、{format_article(proc.article)}の頁は登録しません。")
            return
        save_procurement_page(self.cycle, self.user, evaluation=rows, check_access=False,
                              **texts)
        key = "updated" if stored is not None else "created"
        getattr(self.result, key)["procurement_page"] += 1

    def _figures(self, proc: rp.Procurement) -> None:
        from shisaku.stats import periods
        from shisaku.stats.models import Dataset, Period, ProcurementFigure, SubsidisedContracts

        document = f"{self.report.title or '実施状況報告書'}（{format_fy(self.fy)}）{format_article(proc.article)}"
        specs = [
            (proc.contracts, Dataset.Kind.PROCUREMENT, "procurement", "市の契約実績（規模等・種別）",
             ProcurementFigure, ("category", "contract_type")),
            (proc.subsidised, Dataset.Kind.SUBSIDISED, "subsidised-contracts",
             "補助金等交付事業に係る市内中小企業者への優先発注契約実績", SubsidisedContracts,
             ("scope",)),
        ]
        for rows, kind, slug, title, model, dims in specs:
            if not rows:
                continue
            dataset = (Dataset.objects.filter(slug=slug, kind=kind).first()
                       or Dataset.objects.filter(kind=kind).order_by("order", "pk").first())
            if dataset is None:
                dataset = Dataset.objects.create(
                    slug=slug, title=title, kind=kind, unit="件、百万円",
                    source="川崎市（報告書の第19条【参考】）" if "川崎" in self.report.ordinance
                    else "報告書の第19条【参考】", document=document[:300],
                    percent_places=2 if kind == Dataset.Kind.PROCUREMENT else 1)
            by_period: dict[int, Period] = {}
            for row in rows:
                fy = row["fiscal_year"]
                if fy not in by_period:
                    value = periods.parse_fiscal_year(str(fy))
                    by_period[fy], _ = Period.objects.get_or_create(
                        dataset=dataset, key=value.key,
                        defaults={"label": value.label, "order": value.order,
                                  "comparability_group": dataset.default_group(value.key)})
                lookup = {"period": by_period[fy], **{d: row[d] for d in dims}}
                stored = model.objects.filter(**lookup).order_by("pk").first()
                wanted = {"count": row["count"], "amount": row["amount"]}
                if stored is None:
                    model.objects.create(**lookup, **wanted)
                    self.result.created["figure"] += 1
                elif (stored.count, stored.amount) == (row["count"], row["amount"]):
                    self.result.unchanged["figure"] += 1
                elif self.replace:
                    stored.count, stored.amount = row["count"], row["amount"]
                    stored.save(update_fields=["count", "amount"])
                    self.result.updated["figure"] += 1
                else:
                    self.result.skipped["figure"] += 1
                    self.warn(row["line"], f"「{dataset.title}」の{format_fy(fy)}の値"
                                           f"（{stored.count:,}件・{stored.amount:,}百万円）は登録済みで、"
                                           f"報告書（{row['count']:,}件・{row['amount']:,}百万円）と異なります。"
                                           "上書きしません（--replace で置き換え）。")
