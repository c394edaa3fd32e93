"""Importing the FY2021 excerpt: every sheet lands, twice changes nothing, all or nothing."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.ingest import reader as rp
from shisaku.ingest import report_import
from shisaku.projects.lineage import record_event
from shisaku.projects.models import LineageEvent, Project
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.stats.models import ProcurementFigure, SubsidisedContracts
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    Member,
    Membership,
    Opinion,
    Response,
)

from .test_report_expected import (
    CONTRACTS,
    MAIN_OPINIONS,
    OTHER_ENTRY_COUNT,
    SEED,
    SHEETS,
    SUBSIDISED,
    seed_bytes,
)

pytestmark = pytest.mark.django_db

MODELS = [Cycle, Project, LineageEvent, Sheet, Indicator, IndicatorValue, Opinion, Response,
          ArticleMainOpinion, Committee, Member, Membership, ProcurementFigure,
          SubsidisedContracts]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def parsed_bytes():
    return seed_bytes()


def run(data: bytes, **kwargs) -> report_import.ImportResult:
    return report_import.import_report(rp.parse_bytes(data, 2021), **kwargs)


def _figure(value: IndicatorValue):
    actual = "中止" if value.actual_status == "cancelled" else value.actual
    out = (None if value.target is None else int(value.target),
           actual if actual in (None, "中止") else int(actual))
    if value.breakdown:
        out += ([(b["label"], b["value"]) for b in value.breakdown],)
    return out


def test_importing_the_excerpt_into_an_empty_database_writes_every_sheet(parsed_bytes):
    result = run(parsed_bytes)
    cycle = Cycle.objects.get(fiscal_year=2021)
    assert cycle.status == Cycle.Status.PUBLISHED
    assert result.created["sheet"] == len(SHEETS) == 14
    for _line, group, position, name, article, indicators, opinions, _r, _n, scope in SHEETS:
        sheet = Sheet.objects.get(cycle=cycle, project__name=name)
        assert (sheet.revision, sheet.verified, sheet.state) == (1, True, Sheet.State.PUBLISHED)
        assert sheet.published_snapshot["project"] == name
        project = sheet.project
        assert (project.group or None, project.position) == (group, position), name
        assert list(project.articles.values_list("number", flat=True)) == [article], name
        stored = list(project.indicators.order_by("order"))
        assert [i.name for i in stored] == [i["name"] for i in indicators], name
        for got, want in zip(stored, indicators, strict=True):
            assert got.unit == want["unit"]
            assert (got.kind == Indicator.Kind.REFERENCE) == want["reference"]
            values = {v.fiscal_year: v for v in got.values.all()}
            assert _figure(values[2020]) == want[2020], got.name
            assert _figure(values[2021]) == want[2021], got.name
        own = Opinion.objects.filter(scope=Opinion.Scope.SHEET, sheet=sheet)
        if scope == "sheet":
            assert list(own.values_list("number", flat=True)) == list(range(1, opinions + 1))
            assert Response.objects.filter(opinion__sheet=sheet).count() == opinions
        else:
            assert not own.exists(), name
        if scope == "group":
            group_opinions = Opinion.objects.filter(scope=Opinion.Scope.GROUP, group=group)
            assert group_opinions.count() == opinions, name
            assert Response.objects.filter(opinion__in=group_opinions).count() == opinions


def test_shared_responses_and_the_art_19_opinions_keep_the_printed_numbers(parsed_bytes):
    run(parsed_bytes)
    shared = Response.objects.filter(opinion__sheet__project__name="生産性向上推進事業")
    texts = dict(shared.values_list("opinion__number", "text"))
    assert texts[1] == texts[2] == texts[3] != texts[4]
    article = Opinion.objects.filter(scope=Opinion.Scope.ARTICLE, article__number=19)
    assert list(article.values_list("number", flat=True)) == [1, 2, 3]
    assert Response.objects.filter(opinion__in=article).count() == 3
    assert Opinion.objects.count() == Response.objects.count() == 39
    assert Response.objects.filter(classification=Response.Classification.PLANNED).count() == 39


def test_lists_rosters_main_opinions_and_procurement_go_where_the_models_hold_them(parsed_bytes):
    result = run(parsed_bytes)
    per_article = {}
    for main in ArticleMainOpinion.objects.select_related("article"):
        per_article[main.article.number] = per_article.get(main.article.number, 0) + 1
    assert per_article == MAIN_OPINIONS
    assert Sheet.objects.filter(verified=False).count() == OTHER_ENTRY_COUNT
    council = Committee.objects.get(name="川崎市産業振興協議会")
    sub = Committee.objects.get(name="中小企業活性化専門部会")
    assert sub.parent == council and council.memberships.count() == 16
    assert sub.memberships.count() == 8
    assert council.memberships.get(order=1).role == Membership.Role.CHAIR
    figures = {(f.period.key, f.category, f.contract_type): (f.count, f.amount)
               for f in ProcurementFigure.objects.select_related("period")}
    for (fy, category, kind), value in CONTRACTS.items():
        assert figures[(str(fy), category, kind)] == value
    subsidised = {(int(s.period.key), s.scope): (s.count, s.amount)
                  for s in SubsidisedContracts.objects.select_related("period")}
    assert subsidised == SUBSIDISED
    merged = LineageEvent.objects.filter(successors__name="操業環境保全対策事業").get()
    assert set(merged.predecessors.values_list("name", flat=True)) == {
        "先端産業等立地促進事業", "内陸部操業環境保全対策事業"}
    assert "操業環境保全対策事業" in result.created_projects
    # A FY2022 successor's row of FY2021 belongs to the predecessor that ran in FY2021.
    row = Sheet.objects.get(project__name="担い手・後継者育成事業")
    assert not row.verified and "女性農業担い手支援事業" in row.summary_results
    assert not Sheet.objects.filter(project__name="担い手育成・多様な連携推進事業").exists()


def test_a_second_import_of_the_same_file_changes_nothing(parsed_bytes):
    run(parsed_bytes)
    before = counts()
    versions = dict(Sheet.objects.values_list("pk", "version"))
    second = run(parsed_bytes)
    assert second.changes == 0, (second.created, second.updated, second.deleted)
    assert second.created_projects == []
    assert "変更はありません" in second.summary()
    assert counts() == before
    assert dict(Sheet.objects.values_list("pk", "version")) == versions


def test_the_imported_sheets_show_in_the_app(parsed_bytes, client, users):
    run(parsed_bytes)
    client.force_login(users["planning_admin"])
    page = client.get(reverse("sheets:dashboard", args=[2021]))
    assert page.status_code == 200
    for name in ("起業化総合支援事業", "海外販路開拓事業", "技能奨励事業"):
        assert name in page.content.decode()
    sheet = Sheet.objects.get(project__name="新産業創造支援事業")
    detail = client.get(reverse("sheets:detail", args=[sheet.pk])).content.decode()
    assert "KBICの入居率" in detail and "中止" in detail
    client.force_login(users["viewer"])
    assert client.get(reverse("sheets:detail", args=[sheet.pk])).status_code == 200


def test_a_changed_report_of_a_published_year_is_refused_even_with_replace(parsed_bytes):
    run(parsed_bytes)
    changed = rp.parse_bytes(parsed_bytes, 2021)
    first = changed.sheets[0]
    first.goal = "書き換えた目標"
    first.indicators[0].values[1].actual = Decimal(999)
    first.opinions[0].text = "書き換えた意見"
    before = counts()
    versions = dict(Sheet.objects.values_list("pk", "version"))
    for replace in (False, True):
        with pytest.raises(rp.ReportError, match="公表済のため、この報告書は取り込みません") as refused:
            report_import.import_report(changed, replace=replace)
        assert "事業シート1件" in refused.value.message and "何も登録していません" in refused.value.message
    sheet = Sheet.objects.get(project__name="起業化総合支援事業")
    assert sheet.goal != "書き換えた目標"
    assert Opinion.objects.get(sheet=sheet, number=1).text != "書き換えた意見"
    assert counts() == before
    assert dict(Sheet.objects.values_list("pk", "version")) == versions


def test_existing_projects_are_matched_by_name_width_and_lineage(parsed_bytes):
    old = make_project("担い手・後継者育成事業", last_fy=2021)
    new = make_project("担い手育成・多様な連携推進事業", first_fy=2022)
    record_event(LineageEvent.Kind.MERGED, 2022, [old], [new])
    make_project("環境調和型まちづくり(エコタウン)推進事業")  # half-width parentheses
    existing = make_project("生産性向上推進事業")
    result = run(parsed_bytes)
    for name in ("担い手・後継者育成事業", "担い手育成・多様な連携推進事業", "生産性向上推進事業",
                 "環境調和型まちづくり（エコタウン）推進事業"):
        assert name not in result.created_projects
    assert Sheet.objects.get(project=existing).verified
    assert Sheet.objects.get(project=old).summary_results
    assert LineageEvent.objects.filter(successors=new).count() == 1  # not recorded twice


def test_a_failure_half_way_leaves_nothing_written(parsed_bytes, monkeypatch):
    def boom(self):
        raise DatabaseError("disk full")

    monkeypatch.setattr(report_import._Writer, "_rosters", boom)
    before = counts()
    with pytest.raises(rp.ReportError, match="何も登録していません"):
        run(parsed_bytes)
    assert counts() == before


def test_a_dry_run_computes_the_changes_and_writes_nothing(parsed_bytes):
    result = run(parsed_bytes, dry_run=True)
    assert result.dry_run and result.created["sheet"] == 14
    assert all(n == 0 for n in counts().values())


@pytest.mark.parametrize("data,message", [
    (bytes(range(256)) * 8, "文字コード|バイナリ"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<", "PDF"),
    ("ただの文章です。\n".encode("cp932"), "事業シート"),
    ("\ufeffこれは報告書ではありません".encode(), "事業シート"),
])
def test_bad_files_are_refused_with_a_clear_message_and_nothing_written(data, message):
    with pytest.raises(rp.ReportError, match=message):
        report_import.import_report(rp.parse_bytes(data, 2021))
    assert all(n == 0 for n in counts().values())


def test_a_report_of_another_year_is_refused(parsed_bytes):
    with pytest.raises(rp.ReportError, match="令和3（2021）年度の報告書"):
        report_import.import_report(rp.parse_bytes(parsed_bytes, 2022))
    assert Cycle.objects.count() == 0


def test_the_command_prints_one_json_document_and_dry_run_writes_nothing(parsed_bytes):
    out, err = StringIO(), StringIO()
    call_command("import_report", str(SEED), "--fiscal-year", "令和3年度", "--dry-run", "--json",
                 stdout=out, stderr=err)
    document = json.loads(out.getvalue())
    assert document["fiscal_year"] == 2021 and len(document["sheets"]) == 14
    assert document["import"]["dry_run"] and document["import"]["created"]["sheet"] == 14
    assert "読み取り 100%" in err.getvalue()  # the progress line of a long file
    assert all(n == 0 for n in counts().values())


def test_the_command_imports_then_reports_no_change(parsed_bytes):
    out = StringIO()
    call_command("import_report", str(SEED), "--fiscal-year", "2021", stdout=out, stderr=StringIO())
    assert "登録しました" in out.getvalue() and "起業化総合支援事業" in out.getvalue()
    out = StringIO()
    call_command("import_report", str(SEED), "--fiscal-year", "2021", stdout=out, stderr=StringIO())
    assert "変更はありません" in out.getvalue()


def test_the_command_refuses_bad_input_in_japanese(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CommandError, match="文字コード|バイナリ"):
        call_command("import_report", str(junk), "--fiscal-year", "2021", stdout=StringIO(),
                     stderr=StringIO())
    with pytest.raises(CommandError, match="ありません"):
        call_command("import_report", str(tmp_path / "none.txt"), "--fiscal-year", "2021")
    with pytest.raises(CommandError, match="年度"):
        call_command("import_report", str(junk), "--fiscal-year", "来年")
    assert all(n == 0 for n in counts().values())


def test_a_text_file_cut_short_is_refused_and_nothing_written(parsed_bytes):
    cut = parsed_bytes[: parsed_bytes.index("以降の対応 Action".encode())]  # mid-line, mid-sheet
    report = rp.parse_bytes(cut, 2021)
    assert report.truncated and "起業化総合支援事業" in report.ends_inside
    with pytest.raises(rp.ReportError, match="途中で切れている"):
        report_import.import_report(report)
    assert all(n == 0 for n in counts().values())
    whole_lines = parsed_bytes[: parsed_bytes.index("ウェルフェアイノベーション推進事業\n".encode())]
    assert not rp.parse_bytes(whole_lines, 2021).truncated  # ends with a line break: a shorter file
