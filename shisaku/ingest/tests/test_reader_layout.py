"""A layout other than Kawasaki's, defined in the tests alone (fictional_layout), reads a
document written in it: the reader's code holds no city's wording."""

from shisaku.ingest import reader

from .fictional_layout import DOCUMENT, KAKU


def _read():
    return reader.parse(DOCUMENT, layout=KAKU)


def test_the_fictional_towns_cover_and_fiscal_year_are_read():
    report = _read()
    assert report.fiscal_year == 2023
    assert report.title == "架空町 点検結果報告書"
    assert report.ordinance == "架空町産業振興条例"
    assert report.published == "2024-03"  # 令和6年3月刊行: the town's word for 発行
    # Only the prose of the cover and the chapters' headings is left unread.
    assert [w.line for w in report.warnings] == [1, 6, 13]


def test_the_fictional_towns_sheets_are_read_under_its_own_headings_and_group_marks():
    report = _read()
    assert [(s.group, s.position, s.project, s.article) for s in report.sheets] == [
        (None, None, "起業相談事業", 3),
        ("販路開拓事業群", 1, "見本市出展事業", 4),
        ("販路開拓事業群", 2, "商談会事業", 5),
    ]
    first, second, third = report.sheets
    assert first.goal == "町内で起業する人を増やす。"
    assert first.plan == "- 相談窓口を月2回開く。"
    assert first.next_plan == "- 窓口を週1回に増やす。"
    indicator, reference = first.indicators
    assert (indicator.name, indicator.unit, indicator.reference) == ("相談件数", "件", False)
    assert [(v.fiscal_year, v.target, v.actual) for v in indicator.values] == [
        (2022, 40, 38), (2023, 50, 55)]
    # 〔参考〕 and 取りやめ are the town's words for 【参考】 and 中止
    assert (reference.name, reference.unit, reference.reference) == ("窓口の利用者数", "人", True)
    assert [(v.fiscal_year, v.actual, v.status) for v in reference.values] == [
        (2022, 120, "measured"), (2023, None, "cancelled")]
    assert [(o.numbers, o.text) for o in first.opinions] == [([1], "相談後の追跡が必要である。")]
    assert [r.numbers for r in first.responses] == [[1]]
    assert second.do_text.startswith("○ 出展")
    assert (second.opinion_scope, third.opinion_scope) == (None, "group")


def test_the_fictional_towns_article_numbers_lists_and_roster_are_read():
    report = _read()
    assert report.measures == {3: "創業の支援", 4: "販路の開拓"}
    assert [(p.name, p.article, p.group, p.position) for p in report.verified_projects] == [
        ("起業相談事業", 3, None, None),
        ("見本市出展事業", 4, "販路開拓事業群", 1),
        ("商談会事業", 5, "販路開拓事業群", 2),
    ]
    (roster,) = report.rosters
    assert (roster.committee, roster.kind, roster.as_of) == ("架空町産業振興会議", "council",
                                                             "2023-07")
    assert [(m.number, m.name, m.role) for m in roster.members] == [
        (1, "山田 一郎", "chair"), (2, "川田 花子", "member")]


def test_the_fictional_towns_procurement_page_is_its_article_7():
    report = _read()
    procurement = report.procurement
    assert (procurement.article, procurement.title) == (7, "町内事業者への発注")
    assert procurement.plan == "- 町内事業者への発注を優先する。"
    assert [o.text for o in procurement.opinions] == ["発注の実績を公表すること。"]
    document = reader.to_json(report)["procurement"]
    assert (document["article"], document["title"]) == (7, "町内事業者への発注")


def test_the_fictional_document_read_with_kawasakis_layout_finds_no_sheet():
    assert reader.parse(DOCUMENT).sheets == []
