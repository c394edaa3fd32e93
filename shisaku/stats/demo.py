"""Load the statistics printed in the seeds (``shisaku.stats.demo_data``), idempotently.

    from shisaku.stats.demo import load_demo_stats
    created = load_demo_stats(stdout=self.stdout)   # {"stats.Dataset": 14, ...}

Natural keys: Dataset by slug; Period by (dataset, key); each figure by its dataset's
unique key (period + dimensions); Survey by dataset; strata, questions and options by their
order. Rows are created, or updated only where a value differs, after ``full_clean()``, all
in one transaction: a second run creates nothing and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from shisaku.core.loading import IdempotentLoader

from . import demo_data as data
from . import periods
from .models import (
    BankruptcyCount,
    CensusValue,
    Dataset,
    DiValue,
    JobOfferRatio,
    Option,
    Period,
    ProcurementFigure,
    Question,
    RdInstitutionCount,
    SubsidisedContracts,
    Survey,
    SurveyStratum,
)


class _Loader(IdempotentLoader):
    def dataset(self, slug: str, **values) -> Dataset:
        return self.upsert(Dataset, {"slug": slug}, values)

    def period(self, dataset: Dataset, key: str, released_on=None) -> Period:
        value = periods.from_key(dataset.period_kind, key)
        return self.upsert(Period, {"dataset": dataset, "key": key}, {
            "label": value.label, "order": value.order,
            "comparability_group": dataset.default_group(key), "released_on": released_on})

    # --- kinds ---------------------------------------------------------------------------

    def census(self) -> None:
        for spec in data.CENSUS_DATASETS:
            dataset = self.dataset(
                spec["slug"], title=spec["title"], kind=Dataset.Kind.CENSUS,
                measure=spec["measure"], unit=spec["unit"], source=data.CENSUS_SOURCE,
                series=spec["series"], release=spec["release"],
                published_on=spec["published_on"], document=spec["document"],
                caveat=data.CENSUS_CAVEAT, notes=spec["notes"], order=spec["order"])
            years = spec.get("years", (2014, 2016))
            released = spec.get("released", {})
            by_year = {y: self.period(dataset, str(y), released.get(y)) for y in years}
            for code, *values in spec["values"]:
                for year, value in zip(years, values, strict=True):
                    self.upsert(CensusValue, {"period": by_year[year], "industry": code},
                                {"value": value})

    def surveys(self) -> None:
        for spec in data.SURVEYS:
            dataset = self.dataset(
                spec["slug"], title=spec["title"], kind=Dataset.Kind.SURVEY, unit="件",
                source=spec["source"], document=spec["document"], notes=spec["notes"],
                order=spec["order"])
            survey = self.upsert(Survey, {"dataset": dataset}, {
                "population": spec["population"], "method": spec["method"],
                "fielded_from": spec["fielded_from"], "fielded_to": spec["fielded_to"],
                "responses_as_of": spec["responses_as_of"]})
            for order, (code, label, responses, sent) in enumerate(spec["strata"], start=1):
                self.upsert(SurveyStratum, {"survey": survey, "order": order}, {
                    "industry": code, "label": label, "responses": responses, "sent": sent})
            for order, (text, kind, n, base, options) in enumerate(spec["questions"], start=1):
                question = self.upsert(Question, {"survey": survey, "order": order},
                                       {"text": text, "kind": kind, "n": n, "base": base})
                for o_order, (label, count) in enumerate(options, start=1):
                    self.upsert(Option, {"question": question, "order": o_order},
                                {"label": label, "count": count})

    def series(self) -> None:
        for spec in data.SERIES:
            dataset = self.dataset(
                spec["slug"], title=spec["title"], kind=spec["kind"], unit=spec["unit"],
                source=spec["source"], document=spec["document"], notes=spec["notes"],
                order=spec["order"])
            for key, *rest in spec["values"]:
                period = self.period(dataset, key)
                if spec["kind"] == Dataset.Kind.DI:
                    industry, kind, value = rest
                    self.upsert(DiValue, {"period": period, "industry": industry, "kind": kind},
                                {"value": Decimal(value)})
                elif spec["kind"] == Dataset.Kind.BANKRUPTCY:
                    self.upsert(BankruptcyCount, {"period": period}, {"count": rest[0]})
                elif spec["kind"] == Dataset.Kind.JOB_OFFER:
                    area, ratio = rest
                    self.upsert(JobOfferRatio, {"period": period, "area": area},
                                {"ratio": Decimal(ratio)})
                elif spec["kind"] == Dataset.Kind.RD:
                    ward, kind, count = rest
                    self.upsert(RdInstitutionCount, {"period": period, "ward": ward, "kind": kind},
                                {"count": count})

    def procurement(self) -> None:
        dataset = self.dataset(
            "procurement", title="市の契約実績（規模等・種別）", kind=Dataset.Kind.PROCUREMENT,
            unit="件、百万円", source="川崎市（当該年度の本市契約実績、企業会計を除く）",
            document=f"{data.DOC_002} 第19条【参考】", notes=data.PROCUREMENT_NOTES,
            percent_places=2, order=50)
        for key, rows in data.PROCUREMENT.items():
            period = self.period(dataset, key)
            for category, contract, count, amount in rows:
                self.upsert(ProcurementFigure, {"period": period, "category": category,
                                                "contract_type": contract},
                            {"count": count, "amount": amount})
        dataset = self.dataset(
            "subsidised-contracts", title="補助金等交付事業に係る市内中小企業者への優先発注契約実績",
            kind=Dataset.Kind.SUBSIDISED, unit="件、百万円",
            source="川崎市（財政局への報告対象: 1件の金額が100万円を超える発注）",
            document=f"{data.DOC_002} 第19条【参考】",
            notes="市内中小企業者の契約金額の割合が令和3年度に下がったのは、大規模工事の受注状況の"
                  "変動によると記載。", percent_places=1, order=51)
        for key, rows in data.SUBSIDISED.items():
            period = self.period(dataset, key)
            for scope, count, amount in rows:
                self.upsert(SubsidisedContracts, {"period": period, "scope": scope},
                            {"count": count, "amount": amount})


def load_demo_stats(stdout=None) -> dict[str, int]:
    """Create or update the demo statistics; returns rows created per model label."""
    loader = _Loader(stdout)
    with transaction.atomic():
        loader.census()
        loader.surveys()
        loader.series()
        loader.procurement()
    created = sum(loader.created.values())
    loader.say(f"統計: {created}件を作成しました。" if created else "統計: すべて登録済みです。")
    return dict(loader.created)
