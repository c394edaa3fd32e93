"""Sheet names resolved against the list of verified projects in the same document."""

from shisaku.ingest import reader

LIST = """令和3年度 実施状況報告書

4 実施状況

検証対象事業
条文\t中小企業活性化施策\t事務事業名\t頁
14条\t研究及び開発の支援\t工業振興関連事業 ものづくり中小企業経営支援事業 内陸部操業環境保全対策事業（15条）\t25-28
15条\t経営基盤の強化及び小規模企業者の事情の考慮\t生産性向上推進事業\t29-30

"""

EARLIER_SHEET = """生産性向上推進事業

施策における目標

生産性を高める。

令和4年度の実施計画

- 相談の窓口を続ける。

"""

SHEET_BODY = """
施策における目標

経営を支える。

事業計画 Plan

- 専門家を派遣する。
"""


def _sheet(report, project):
    return next(s for s in report.sheets if s.project == project)


def _messages(report) -> list[str]:
    return [w.message for w in report.warnings]


def test_a_group_alone_on_the_line_before_its_project_is_read_as_the_group():
    text = LIST + EARLIER_SHEET + "工業振興関連事業\nものづくり中小企業経営支援事業\n" + SHEET_BODY
    report = reader.parse(text, 2021)
    sheet = _sheet(report, "ものづくり中小企業経営支援事業")
    assert (sheet.group, sheet.position, sheet.article) == ("工業振興関連事業", 1, 14)
    assert sheet.heading == "工業振興関連事業 ものづくり中小企業経営支援事業"
    assert sheet.plan == "- 専門家を派遣する。"
    # The group's line belongs to its sheet, not to the end of the sheet before it.
    earlier = _sheet(report, "生産性向上推進事業")
    assert earlier.next_plan == "- 相談の窓口を続ける。"
    assert not [m for m in _messages(report) if "工業振興関連事業" in m or "見出しより前" in m]


def test_a_group_glued_to_its_project_without_a_position_mark_is_split():
    text = LIST + "工業振興関連事業 ものづくり中小企業経営支援事業\n" + SHEET_BODY
    report = reader.parse(text, 2021)
    (sheet,) = report.sheets
    assert (sheet.group, sheet.position, sheet.project, sheet.article) == (
        "工業振興関連事業", 1, "ものづくり中小企業経営支援事業", 14)
    assert not [m for m in _messages(report) if "ものづくり中小企業経営支援事業" in m]


def test_a_glued_group_is_split_by_its_name_when_the_document_has_no_list():
    report = reader.parse("工業振興関連事業\u3000ものづくり中小企業経営支援事業\n" + SHEET_BODY, 2021)
    (sheet,) = report.sheets
    assert (sheet.group, sheet.position, sheet.project) == (
        "工業振興関連事業", None, "ものづくり中小企業経営支援事業")


def test_a_group_or_position_that_differs_from_the_list_is_warned_and_the_sheet_kept():
    text = LIST + "商業振興関連事業 ②ものづくり中小企業経営支援事業\n" + SHEET_BODY + "\n" + (
        "工業振興関連事業 ①内陸部操業環境保全対策事業\n" + SHEET_BODY)
    report = reader.parse(text, 2021)
    first, second = report.sheets
    assert (first.group, first.position) == ("商業振興関連事業", 2)
    assert (second.group, second.position) == ("工業振興関連事業", 1)
    messages = _messages(report)
    assert any("「ものづくり中小企業経営支援事業」のグループ「商業振興関連事業」" in m
               and "「工業振興関連事業」と異なります" in m for m in messages)
    assert any("「内陸部操業環境保全対策事業」の番号①" in m and "2番目" in m for m in messages)


def test_a_sheet_whose_project_the_list_does_not_know_is_warned():
    report = reader.parse(LIST + "工業振興関連事業 ③新しい支援事業\n" + SHEET_BODY, 2021)
    (sheet,) = report.sheets
    assert sheet.project == "新しい支援事業"
    assert any("「新しい支援事業」は検証対象事業の一覧にありません" in m for m in _messages(report))
