"""An Excel upload shows its changes field by field and writes only on confirmation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shisaku.sheets.editing import save_sheet
from shisaku.sheets.models import IndicatorValue, Sheet, SheetChange

from . import test_excel_support as support
from .test_excel_support import OWN, address, download, edit, snapshot

pytestmark = pytest.mark.django_db

cycle = support.cycle
own_sheet = support.own_sheet


def _upload(client, data: bytes):
    return client.post(reverse("ingest:excel_upload", args=[2021]),
                       {"file": SimpleUploadedFile("shisaku-sheets-2021.xlsx", data)})


def _confirm(client, token: str):
    return client.post(reverse("ingest:excel_confirm", args=[2021]), {"token": token})


def _changed_workbook(client, users):
    data = download(client, users["section_editor"])
    return edit(data, {
        (OWN, address(data, OWN, field="goal")): "新しい目標",
        (OWN, address(data, OWN, "起業相談件数", 2021, "actual")): "95（新規60件・継続35件）",
    })


def test_the_upload_lists_each_change_and_writes_nothing(client, users, cycle, own_sheet):
    data = _changed_workbook(client, users)
    before = snapshot()
    response = _upload(client, data)
    rows = [(c.title, c.label, c.before, c.after) for c in response.context["result"].changes]
    assert rows == [
        (OWN, "施策における目標", "市内での起業を増やす", "新しい目標"),
        (OWN, "起業相談件数 令和3（2021）年度 実績", "90", "95"),
        (OWN, "起業相談件数 令和3（2021）年度 内訳", "", "新規60件・継続35件"),
    ]
    html = response.content.decode()
    assert "この内容で保存" in html and "まだ何も保存していません" in html
    assert snapshot() == before
    assert not SheetChange.objects.exists()


def test_the_confirmation_writes_exactly_what_the_preview_showed(client, users, cycle,
                                                                  own_sheet):
    response = _upload(client, _changed_workbook(client, users))
    shown = [(c.label, c.before, c.after) for c in response.context["result"].changes]
    confirmed = _confirm(client, response.context["token"])
    assert "登録しました" in confirmed.content.decode()
    recorded = [(c.field, c.before, c.after)
                for c in SheetChange.objects.filter(sheet=own_sheet).order_by("pk")]
    assert recorded == shown
    value = IndicatorValue.objects.get(indicator__name="起業相談件数", fiscal_year=2021)
    assert value.actual == 95
    assert value.breakdown == [{"label": "新規", "value": 60}, {"label": "継続", "value": 35}]


def test_a_preview_is_confirmed_once(client, users, cycle, own_sheet):
    response = _upload(client, _changed_workbook(client, users))
    token = response.context["token"]
    _confirm(client, token)
    versions = snapshot()
    again = _confirm(client, token)
    assert again.status_code == 302
    assert snapshot() == versions


def test_a_stale_preview_is_refused_and_writes_nothing(client, users, cycle, own_sheet):
    response = _upload(client, _changed_workbook(client, users))
    # Someone saves the sheet between the preview and the confirmation.
    save_sheet(Sheet.objects.get(pk=own_sheet.pk), users["planning_admin"],
               {"goal": "企画課が直した目標"}, own_sheet.version)
    before = snapshot()
    confirmed = _confirm(client, response.context["token"])
    html = confirmed.content.decode()
    assert "何も保存していません" in html and "ブックのダウンロード後に" in html
    assert snapshot() == before
    assert Sheet.objects.get(pk=own_sheet.pk).goal == "企画課が直した目標"


def test_a_forged_token_writes_nothing(client, users, cycle, own_sheet):
    _upload(client, _changed_workbook(client, users))
    before = snapshot()
    response = _confirm(client, "not-the-token")
    assert response.status_code == 302
    assert snapshot() == before


def test_a_breakdown_typed_with_the_actual_that_contradicts_the_breakdown_cell_is_refused(
        client, users, cycle, own_sheet):
    data = download(client, users["section_editor"])
    data = edit(data, {
        (OWN, address(data, OWN, "セミナー開催回数", 2021, "actual")): "59（新規30回・変更29回）",
        (OWN, address(data, OWN, "セミナー開催回数", 2021, "breakdown")): "新規1回・変更58回",
    })
    response = _upload(client, data)
    html = response.content.decode()
    assert "内訳が実績の欄（新規30回・変更29回）と内訳の欄（新規1回・変更58回）で違います" in html
    assert "token" not in response.context or not response.context["token"]
