from decimal import Decimal

import pytest

from shisaku.core.tests.fixtures import module_data
from shisaku.demo import data, sheets_data
from shisaku.demo.loader import load_demo
from shisaku.demo.sheets_loader import SHEET_MODELS, load_demo_sheets
from shisaku.sheets.achievement import ActualStatus, Rating
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.units import UNITS

# The verified projects whose sheet pages are in seed 002 (the excerpt).
WITH_PAGES = [
    "起業化総合支援事業",
    "ウェルフェアイノベーション推進事業",
    "知的財産戦略の推進",
    "新産業創造支援事業",
    "新川崎・創造のもり推進事業",
    "ものづくり中小企業経営支援事業",
    "内陸部操業環境保全対策事業",
    "生産性向上推進事業",
    "商店街課題対応事業",
    "地域連携事業",
    "まちづくり連動事業",
    "観光振興事業・産業観光推進事業",
    "雇用労働対策・就業支援事業",
    "海外販路開拓事業",
]
# Listed in the report's table of contents, but the excerpt has no page for them.
WITHOUT_PAGES = ["商業力強化事業", "多様な連携推進事業", "勤労者福祉対策事業", "国際環境産業推進事業"]


def _load_demo_sheets() -> dict[str, int]:
    load_demo()
    return load_demo_sheets()


# Loaded once for the module, rolled back after it; each test writes in its own savepoint.
demo_sheets = module_data(_load_demo_sheets)


@pytest.fixture
def loaded(demo_sheets, db):
    """What the first load of the sheets counted, per model."""
    return demo_sheets


def _value(project: str, indicator: str, fiscal_year: int) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__project__name=project, indicator__name=indicator, fiscal_year=fiscal_year
    )


def _snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SHEET_MODELS
    }


def _sheet(project: str) -> Sheet:
    return Sheet.objects.get(cycle__fiscal_year=2021, project__name=project, revision=1)


def test_there_is_one_sheet_for_every_verified_project_of_fy2021_and_no_other():
    names = [spec["project"] for spec in sheets_data.SHEETS_FY2021]
    verified = [spec["name"] for spec in data.FY2021_VERIFIED]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(verified)
    assert sorted(sheets_data.PROJECTS_WITH_FIGURES) == sorted(WITH_PAGES)
    assert sorted(sheets_data.PROJECTS_WITHOUT_PAGES) == sorted(WITHOUT_PAGES)


def test_every_unit_in_the_demo_sheets_is_a_registered_unit():
    units = {i["unit"] for s in sheets_data.SHEETS_FY2021 for i in s["indicators"]}
    assert units <= set(UNITS)


@pytest.mark.django_db
def test_loading_the_sheets_twice_creates_and_changes_nothing(loaded):
    assert loaded["sheets.Cycle"] == 1
    assert loaded["sheets.Sheet"] == len(sheets_data.SHEETS_FY2021)
    assert loaded["sheets.SheetChange"] == len(sheets_data.SHEETS_FY2021)
    assert loaded["sheets.Indicator"] == sum(
        len(s["indicators"]) for s in sheets_data.SHEETS_FY2021
    )
    assert loaded["sheets.IndicatorValue"] == 2 * loaded["sheets.Indicator"]
    before = _snapshot()

    load_demo()
    second = load_demo_sheets()

    assert set(second.values()) == {0}
    assert _snapshot() == before




@pytest.mark.django_db
def test_every_project_with_a_page_in_the_report_has_indicators_with_fy2021_values(loaded):
    for name in WITH_PAGES:
        values = IndicatorValue.objects.filter(indicator__project__name=name, fiscal_year=2021)
        assert values.exists(), name
        assert all(
            v.actual is not None or v.actual_status != ActualStatus.MEASURED for v in values
        ), name


@pytest.mark.django_db
def test_the_projects_without_a_page_get_an_empty_draft_without_figures(loaded):
    for name in WITHOUT_PAGES:
        sheet = _sheet(name)
        assert sheet.state == Sheet.State.DRAFT
        assert sheet.verified
        assert not Indicator.objects.filter(project__name=name).exists()


@pytest.mark.django_db
def test_figures_printed_with_thousands_separators_are_loaded_as_numbers(loaded):
    value = _value("観光振興事業・産業観光推進事業", "主要観光施設の年間観光客数", 2020)
    assert value.target == Decimal("18010000")
    assert value.actual == Decimal("12760000")
    value = _value("内陸部操業環境保全対策事業", "地域とのイベント参加延べ人数", 2021)
    assert (value.target, value.actual) == (Decimal("4600"), Decimal("1321"))


@pytest.mark.django_db
def test_a_cancelled_event_has_no_actual_and_the_status_cancelled(loaded):
    name = "子どもたちのものづくりへの興味・関心等を醸成するイベントの来場者数"
    # The report prints the target as 1,500 for R2 and 1500 for R3: the same number.
    for fiscal_year in (2020, 2021):
        value = _value("新産業創造支援事業", name, fiscal_year)
        assert value.target == Decimal("1500")
        assert value.actual is None
        assert value.actual_status == ActualStatus.CANCELLED
        assert value.rating() == Rating.NOT_RATED


@pytest.mark.django_db
def test_an_actual_with_a_breakdown_keeps_the_total_and_its_parts(loaded):
    name = "先端設備等導入計画の認定件数"
    value = _value("生産性向上推進事業", name, 2020)
    assert value.actual == Decimal("59")
    assert value.breakdown == [{"label": "新規", "value": 38}, {"label": "変更", "value": 21}]
    assert value.breakdown_total == Decimal("59")
    assert not value.breakdown_mismatch
    assert _value("生産性向上推進事業", name, 2021).breakdown_total == Decimal("47")


@pytest.mark.django_db
def test_a_reference_row_has_actuals_and_no_target(loaded):
    indicator = Indicator.objects.get(
        project__name="知的財産戦略の推進", name="知的財産マッチング成立件数"
    )
    assert indicator.is_reference
    values = list(indicator.values.order_by("fiscal_year"))
    assert [(v.fiscal_year, v.target, v.actual) for v in values] == [
        (2020, None, Decimal("2")), (2021, None, Decimal("3")),
    ]


@pytest.mark.django_db
def test_a_percentage_indicator_is_measured_in_percent(loaded):
    indicator = Indicator.objects.get(project__name="新産業創造支援事業", name="KBICの入居率")
    assert (indicator.unit, indicator.measure) == ("%", Indicator.Measure.PERCENTAGE)
    value = indicator.values.get(fiscal_year=2021)
    assert (value.target, value.actual) == (Decimal("90"), Decimal("96"))
    assert value.rating() == Rating.ACHIEVED


@pytest.mark.django_db
def test_the_sheets_are_in_varied_states(loaded):
    sheets = Sheet.objects.filter(cycle__fiscal_year=2021)
    states = {sheet.state for sheet in sheets}
    assert {Sheet.State.DRAFT, Sheet.State.SUBMITTED, Sheet.State.RETURNED,
            Sheet.State.CONFIRMED} <= states
    assert sheets.filter(state=Sheet.State.CONFIRMED).count() >= 3
    returned = sheets.get(state=Sheet.State.RETURNED)
    assert returned.return_comment.strip()
    for sheet in sheets.exclude(state=Sheet.State.DRAFT):
        assert sheet.submitted_at is not None, sheet
    for sheet in sheets.filter(state=Sheet.State.CONFIRMED):
        assert sheet.confirmed_at is not None, sheet
    assert Cycle.objects.get(fiscal_year=2021).status == Cycle.Status.VERIFYING


@pytest.mark.django_db
def test_every_sheet_past_draft_has_everything_a_submission_needs(loaded):
    for sheet in Sheet.objects.exclude(state=Sheet.State.DRAFT).select_related("cycle"):
        indicators = list(sheet.project.indicators.prefetch_related("values"))
        assert sheet.missing_parts(indicators, final_year=True) == [], sheet


@pytest.mark.django_db
def test_each_sheet_gets_one_history_row_when_it_is_first_loaded(loaded):
    for sheet in Sheet.objects.all():
        changes = list(sheet.changes.all())
        assert len(changes) == 1
        assert changes[0].field == "デモデータ読込"


def test_every_narrative_of_the_demo_sheets_is_valid_shisaku_text():
    richtext = pytest.importorskip("shisaku.lib.richtext")
    for spec in sheets_data.SHEETS_FY2021:
        for name in Sheet.TEXT_FIELDS:
            text = spec.get(name, "")
            if text:
                assert richtext.parse(text, name), (spec["project"], name)


