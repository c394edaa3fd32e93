"""Importing CSV and Excel: encodings, layouts, cell validation, all or nothing, round trips."""

import io

import pytest
from openpyxl import Workbook

from shisaku.stats import census, exporters, importers
from shisaku.stats.importers import ImportFailed, import_file
from shisaku.stats.models import CensusValue, Dataset, Period
from shisaku.stats.schemas import schema_for

from .factories import make_census, make_dataset

pytestmark = pytest.mark.django_db

WIDE = """業種大分類,H26(2014),H28(2016)
農業，林業，漁業,74,64
鉱業，採石業，砂利採取業,1,-
建設業,"4,078","3,829"
製造業,3299,3034
卸売業、小売業,９１１４,８８４４
サービス業(他に分類されないもの),2202,2063
全産業,"42,616","40,934"
"""


def stored(dataset):
    return schema_for(dataset).stored_cells(dataset)


def test_a_cp932_csv_and_a_bom_utf8_csv_load_identically():
    sjis, bom = make_dataset("sjis"), make_dataset("bom")
    first = import_file(sjis, WIDE.encode("cp932"), "census.csv")
    second = import_file(bom, WIDE.encode("utf-8-sig"), "census.csv")
    assert first.parsed.encoding == "Shift_JIS（cp932）"
    assert second.parsed.encoding == "UTF-8（BOM付き）"
    assert stored(sjis) == stored(bom)
    assert len(stored(sjis)) == 14
    assert stored(sjis)[("2016", "C")] == 0  # 「-」 is e-Stat's 該当数値なし
    assert census.for_dataset(sjis).as_table().rows == census.for_dataset(bom).as_table().rows


def test_plain_utf8_and_tab_separated_files_load_too():
    tsv = make_dataset("tsv")
    import_file(tsv, WIDE.replace(",H", "\tH").replace('"4,078","3,829"', "4078\t3829")
                .replace('"42,616","40,934"', "42616\t40934").replace(",", "\t")
                .encode("utf-8"), "census.txt")
    assert stored(tsv)[("2014", "ALL")] == 42616


def test_a_file_with_one_bad_cell_writes_nothing_and_names_the_cell():
    dataset = make_census("existing", {2014: {"D": 4078, "ALL": 42616}})
    before = stored(dataset)
    bad = WIDE.replace("1,-", "1,\"12,3x\"")
    with pytest.raises(ImportFailed) as failed:
        import_file(dataset, bad.encode("utf-8"), "census.csv")
    assert failed.value.errors == ["3行目「H28(2016)」列: 「12,3x」は数値ではありません"]
    assert stored(dataset) == before
    assert list(Period.objects.filter(dataset=dataset).values_list("key", flat=True)) == ["2014"]


def test_every_bad_cell_is_reported_with_its_row_and_column():
    dataset = make_dataset()
    text = "業種,2014,2016\n製造業,12.5,-3\nてすと業,1,2\n製造業,4,5\n"
    with pytest.raises(ImportFailed) as failed:
        import_file(dataset, text.encode("utf-8"), "x.csv")
    assert failed.value.errors == [
        "2行目「2014」列: 「12.5」は整数ではありません",
        "2行目「2016」列: 「-3」は0以上の数ではありません",
        "3行目「業種」列: 「てすと業」は業種大分類として読み取れません",
        "4行目「2014」列: 同じ値が2行目にもあります（重複）",
        "4行目「2016」列: 同じ値が2行目にもあります（重複）",
    ]
    assert not CensusValue.objects.exists()


def test_subtotal_rows_and_derived_columns_are_checked_not_stored():
    dataset = make_dataset()
    text = ("業種,2014,2016,増減数,構成比\n第二次産業,7378,6868,-510,17.3\n建設業,4078,3852,-226,9.6\n"
            "製造業,3299,3015,-284,7.7\n鉱業、採石業、砂利採取業,1,1,0,0\n")
    result = import_file(dataset, text.encode("utf-8"), "x.csv")
    assert set(stored(dataset)) == {(y, c) for y in ("2014", "2016") for c in ("C", "D", "E")}
    assert "「増減数」列は計算で求める値のため読み込みません（再計算します）" in result.parsed.warnings
    assert any("第二次産業は小計のため読み込みません" in w and "一致" not in w
               for w in result.parsed.warnings)
    wrong = text.replace("7378", "7379")
    result = import_file(dataset, wrong.encode("utf-8"), "x.csv", dry_run=True)
    assert any("記載の 7,379 は内訳の合計 7,378 と一致しません" in w for w in result.parsed.warnings)


def test_merged_and_split_agriculture_rows_cannot_be_mixed():
    text = "業種,2014\n農林漁業,74\nA 農業、林業,70\n"
    with pytest.raises(ImportFailed) as failed:
        import_file(make_dataset(), text.encode("utf-8"), "x.csv")
    assert failed.value.errors == ["「農業，林業，漁業」と「農業，林業」を同じ表に含めることはできません（二重計上）"]


def test_the_long_layout_reads_the_same_figures_as_the_wide_one():
    wide, long = make_dataset("wide"), make_dataset("long")
    import_file(wide, WIDE.encode("utf-8"), "w.csv")
    lines = ["年,業種,値"]
    for (year, code), value in stored(wide).items():
        lines.append(f"{year}年,{code},{value}")
    import_file(long, "\n".join(lines).encode("utf-8"), "l.csv", layout="long")
    assert stored(long) == stored(wide)


def test_the_long_layout_names_a_missing_column():
    with pytest.raises(ImportFailed) as failed:
        import_file(make_dataset(), "年,値\n2014,3\n".encode(), "l.csv", layout="long")
    assert failed.value.errors == ["1行目: 「業種」列がありません（縦長形式の見出し: 年、業種、値）"]


def test_an_excel_workbook_loads_like_the_csv():
    book = Workbook()
    sheet = book.active
    for line in WIDE.strip().splitlines():
        row = next(iter(__import__("csv").reader([line])))
        sheet.append([int(c.replace(",", "")) if c.replace(",", "").isdigit() else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    from_excel, from_csv = make_dataset("xlsx"), make_dataset("csv")
    import_file(from_excel, buffer.getvalue(), "census.xlsx")
    import_file(from_csv, WIDE.encode("utf-8"), "census.csv")
    assert stored(from_excel) == stored(from_csv)


@pytest.mark.parametrize("data,name,message", [
    (b"x" * (importers.MAX_BYTES + 1), "big.csv", "ファイルが大きすぎます（上限 5MB）。"),
    (b"PK\x03\x04broken", "book.xlsx",
     "ファイルが壊れているか途中で切れているため、Excel ブック（.xlsx）として開けません。"),
    (b"a,b", "macro.xlsm", "読み込めるのは .csv（.tsv・.txt）と .xlsx です。"),
    (b"\xff\xfe\x00\x81", "bad.csv", "文字コードを判別できません。UTF-8 または Shift_JIS（cp932）で保存してください。"),
])
def test_files_that_cannot_be_read_are_refused_before_parsing(data, name, message):
    with pytest.raises(ImportFailed) as failed:
        import_file(make_dataset(), data, name)
    assert failed.value.errors == [message]


def test_a_workbook_with_macros_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/vbaProject.bin", b"\x00")
    with pytest.raises(ImportFailed) as failed:
        import_file(make_dataset(), buffer.getvalue(), "book.xlsx")
    assert failed.value.errors == ["マクロを含むファイルは受け付けません。"
                                   "マクロなしのExcel ブック（.xlsx）として保存し直してください。"]


def test_importing_replaces_only_the_periods_in_the_file():
    dataset = make_census("keep", {2012: {"E": 3500}, 2014: {"E": 1}})
    import_file(dataset, "業種,2014,2016\n製造業,3299,3034\n".encode(), "x.csv")
    assert stored(dataset) == {("2012", "E"): 3500, ("2014", "E"): 3299, ("2016", "E"): 3034}
    assert Period.objects.get(dataset=dataset, key="2016").group == "経済センサス（平成21年〜平成28年）"


def test_secret_cells_are_skipped_with_a_warning():
    result = import_file(make_dataset(), "業種,2016\n製造業,x\n建設業,5\n".encode(), "x.csv")
    assert result.parsed.warnings == ["2行目「2016」列: 「x」は秘匿のため読み込みません"]
    assert result.written == 1


def test_procurement_needs_count_and_amount_together():
    dataset = make_dataset("proc", Dataset.Kind.PROCUREMENT, unit="件、百万円")
    text = "年度,企業区分,契約種別,項目,値\n令和3年度,市内中小企業,工事,契約件数,2461\n"
    with pytest.raises(ImportFailed) as failed:
        import_file(dataset, text.encode(), "p.csv", layout="long")
    assert failed.value.errors == ["2021年度 市内中小企業 工事: 契約金額がありません"]


def test_di_quarters_read_in_their_written_forms():
    dataset = make_dataset("di", Dataset.Kind.DI, unit="ポイント")
    text = "業種,DIの種類,2022年1～3月期,2022Q2\n全業種,業況,△22.7,▲12.4\n"
    import_file(dataset, text.encode("utf-8"), "di.csv")
    assert {k: str(v) for k, v in stored(dataset).items()} == {
        ("2022Q1", "all", "business"): "-22.7", ("2022Q2", "all", "business"): "-12.4"}


@pytest.mark.parametrize("slug", [
    "census-2016-final-establishments", "census-totals-employees", "di-kawashin", "bankruptcies",
    "job-offers", "rd-institutions", "procurement", "subsidised-contracts"])
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_a_downloaded_csv_imports_back_unchanged(demo, slug, layout):
    dataset = Dataset.objects.get(slug=slug)
    before = stored(dataset)
    body = exporters.figures_csv(dataset, layout).encode("utf-8")
    assert body.startswith(b"\xef\xbb\xbf")
    parsed = importers.parse(dataset, importers.read_rows(body, "x.csv")[0], layout)
    changes = importers.compare(dataset, parsed)
    assert (changes.added, changes.changed, changes.removed) == (0, 0, 0)
    importers.write(dataset, parsed)
    assert stored(dataset) == before


NASTY = ["", " ", "1e5", "１，０００", "△", "--1", "1,00", "NaN", "Infinity", "9" * 40,
         "0.0000001", "=1+1", "\x00", "−5", "1.5e3", "٣", "12,3x", "x", "－", "…", "1 000",
         "\u3000", "+", "(1)", "1/2", "2147483648", "99.999"]


@pytest.mark.parametrize("kind", [Dataset.Kind.CENSUS, Dataset.Kind.DI, Dataset.Kind.JOB_OFFER])
def test_any_csv_cell_is_either_read_or_named_never_a_crash(kind):
    dataset = make_dataset(f"nasty-{kind.replace('_', '-')}", kind)
    header = {Dataset.Kind.CENSUS: "業種,2016", Dataset.Kind.DI: "業種,DIの種類,2022Q2",
              Dataset.Kind.JOB_OFFER: "地域,令和3年度"}[kind]
    label = {Dataset.Kind.CENSUS: "製造業", Dataset.Kind.DI: "全業種,業況",
             Dataset.Kind.JOB_OFFER: "川崎市"}[kind]
    for cell in NASTY:
        quoted = '"' + cell.replace('"', '""') + '"'
        data = f"{header}\n{label},{quoted}\n".encode()
        try:
            import_file(dataset, data, "x.csv", dry_run=True)
        except ImportFailed as failed:
            assert all(isinstance(e, str) and e for e in failed.errors), cell


@pytest.mark.parametrize("value", [1e30, float("nan"), float("inf"), -0.0, 3034.0, 0.68, True,
                                   __import__("datetime").datetime(2021, 4, 1)])
def test_any_excel_cell_is_either_read_or_named_never_a_crash(value):
    book = Workbook()
    book.active.append(["業種", 2016])
    book.active.append(["製造業", value])
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        result = import_file(make_dataset(), buffer.getvalue(), "x.xlsx", dry_run=True)
    except ImportFailed as failed:
        assert failed.errors[0].startswith("2行目「2016」列: ") or failed.errors == [
            "読み込める値が1つもありません。"]
    else:
        assert list(result.parsed.cells.values())[0] in (0, 3034)
