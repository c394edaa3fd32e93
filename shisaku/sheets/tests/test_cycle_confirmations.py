"""The cycle's confirmation pages: the year in both calendars, what is created or frozen,
a warning for an unusual year, the blockers as a list; nothing written before the confirm."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.sheets.confirm import start_summary, year_warnings
from shisaku.sheets.models import Cycle, Sheet
from shisaku.verification.models import Opinion

from .factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)  # FY2026
START = {"achieved_min": "100", "mostly_min": "80"}


@pytest.fixture
def admin(login, kikaku):
    return login(kikaku)


def _freeze_today(monkeypatch, day=TODAY):
    monkeypatch.setattr("shisaku.sheets.confirm.timezone.localdate", lambda: day)


def test_this_and_next_fiscal_year_start_without_a_warning():
    assert year_warnings(2026, TODAY) == [] and year_warnings(2027, TODAY) == []
    assert year_warnings(2025, datetime.date(2026, 3, 31)) == []  # still FY2025 in March


def test_a_year_far_from_today_or_before_the_last_cycle_is_warned():
    make_cycle(2026)
    warnings = year_warnings(2019, TODAY)
    assert "令和元（2019）年度は、今年度（令和8（2026）年度）でも次年度（令和9（2027）年度）でも" \
           "ありません。" in warnings
    assert "令和元（2019）年度は、既にある最新の年度サイクル（令和8（2026）年度）より前の年度です。" \
           in warnings


def test_the_start_summary_counts_the_sheets_it_will_create(section):
    make_sheet(make_project("続く事業", section=section), make_cycle(2026))
    make_project("新しい事業", section=section, first_fy=2027)
    summary = start_summary(2027, TODAY)
    assert (summary.projects, summary.prefilled, summary.fresh) == (2, 1, 1)
    assert summary.first_day == datetime.date(2027, 4, 1)


def test_typing_reiwa_gannen_shows_fy2019_in_both_calendars_and_asks_to_tick(
        admin, monkeypatch, section):
    _freeze_today(monkeypatch)
    make_project("起業化総合支援事業", section=section)
    url = reverse("sheets:cycle_start")
    data = {"fiscal_year": "令和元年度", **START}
    page = admin.post(url, data).content.decode()
    assert "令和元（2019）年度の年度サイクルを開始しますか" in page
    assert "入力した年度「令和元年度」は <strong>令和元（2019）年度</strong>（2019年4月1日から2020年3月31日まで）" \
           in page
    assert "今年度（令和8（2026）年度）でも次年度" in page and 'name="acknowledge"' in page
    refused = admin.post(url, {**data, "confirm": "1"})
    assert refused.status_code == 400 and "間違いありません」にチェック" in refused.content.decode()
    assert not Cycle.objects.exists()
    assert admin.post(url, {**data, "confirm": "1", "acknowledge": "1"}).status_code == 302
    assert Cycle.objects.get().fiscal_year == 2019


def test_the_next_fiscal_year_starts_on_the_confirm_post_alone(admin, monkeypatch, section):
    _freeze_today(monkeypatch)
    make_project("起業化総合支援事業", section=section)
    data = {"fiscal_year": "令和9年度", **START}
    page = admin.post(reverse("sheets:cycle_start"), data).content.decode()
    assert 'name="acknowledge"' not in page and "年度を確かめてください" not in page
    assert not Cycle.objects.exists()
    admin.post(reverse("sheets:cycle_start"), {**data, "confirm": "1"})
    assert Cycle.objects.get().fiscal_year == 2027


def test_the_move_page_says_what_opens_and_writes_nothing_on_get(admin, section):
    cycle = make_cycle(2026, Cycle.Status.ENTERING)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle, verified=True,
               state=Sheet.State.SUBMITTED)
    url = reverse("sheets:cycle_move", args=[2026])
    page = admin.get(url, {"status": "verifying"}).content.decode()
    assert "令和8（2026）年度を「入力中」から「検証中」に進めますか" in page
    assert "検証対象の事業シート 1件（うち提出・確認済 1件）" in page
    admin.post(url, {"status": "verifying"})  # no confirm: nothing
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.ENTERING
    admin.post(url, {"status": "verifying", "confirm": "1"})
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING


def test_the_settle_page_counts_what_is_frozen(admin, section):
    cycle = make_cycle(2026, Cycle.Status.VERIFYING)
    sheet = make_sheet(make_project("起業化総合支援事業", section=section), cycle, verified=True,
                       state=Sheet.State.CONFIRMED, complete=True)
    Opinion.objects.create(cycle=cycle, scope=Opinion.Scope.SHEET, sheet=sheet, number=1,
                           text="意見")
    page = admin.get(reverse("sheets:cycle_move", args=[2026]), {"status": "settled"})
    body = page.content.decode()
    assert "検証意見 1件と対応 0件を確定し" in body
    assert "確認済の事業シート 1件（検証対象 1件）" in body


def test_the_settle_blockers_are_a_list_not_one_sentence(admin, section):
    cycle = make_cycle(2026, Cycle.Status.VERIFYING)
    for name in ("起業化総合支援事業", "商業力強化事業"):
        make_sheet(make_project(name, section=section), cycle, verified=True,
                   state=Sheet.State.SUBMITTED)
    response = admin.post(reverse("sheets:cycle_move", args=[2026]),
                          {"status": "settled", "confirm": "1"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "<li>シート未確認: 起業化総合支援事業（提出）</li>" in body
    assert "<li>シート未確認: 商業力強化事業（提出）</li>" in body
    assert "ください。、" not in body and body.count("シート未確認: 起業化総合支援事業") == 1
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING


def test_the_publication_page_names_the_year_in_both_calendars_and_writes_nothing_on_get(
        admin, section):
    from shisaku.reports.models import PublishedDocument

    cycle = make_cycle(2026, Cycle.Status.SETTLED)
    make_sheet(make_project("起業化総合支援事業", section=section), cycle, verified=True,
               state=Sheet.State.CONFIRMED, complete=True)
    body = admin.get(reverse("reports:publish", args=[2026])).content.decode()
    assert "令和8（2026）年度を公表しますか" in body and "文書12件を生成し" in body
    assert "検証対象の事業シート 1件" in body
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.SETTLED
    assert not PublishedDocument.objects.exists()


def test_a_year_with_more_blockers_than_the_page_lists_counts_them_all(admin, kikaku, section):
    from shisaku.sheets.cycle import MAX_LISTED, move_cycle

    cycle = make_cycle(2026, Cycle.Status.VERIFYING)
    for i in range(MAX_LISTED + 3):
        make_sheet(make_project(f"事業{i:02d}", section=section), cycle, verified=True,
                   state=Sheet.State.SUBMITTED)
    page = admin.get(reverse("sheets:cycle_move", args=[2026]) + "?status=settled")
    body = page.content.decode()
    assert f"次の{MAX_LISTED + 3}件を済ませるまで進められません。" in body
    assert body.count("<li>シート未確認: ") == MAX_LISTED and "<li>ほか3件</li>" in body
    with pytest.raises(ValidationError) as refused:
        move_cycle(cycle, Cycle.Status.SETTLED, kikaku)
    assert len(refused.value.messages) == 1 + MAX_LISTED + 1
    assert refused.value.messages[-1] == "ほか3件"
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.VERIFYING
