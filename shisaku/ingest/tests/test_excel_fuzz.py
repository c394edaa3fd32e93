"""Fuzz: whatever bytes arrive, the upload answers with a result and writes all or nothing."""

import io
import zipfile

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from shisaku.ingest.excel_check import UploadResult
from shisaku.ingest.excel_upload import upload_workbook

from . import test_excel_support as support
from .test_excel_support import (
    OTHER,
    OWN,
    address,
    download,
    edit,
    snapshot,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the Excel tests.
cycle = support.cycle
other_sheet = support.other_sheet
own_sheet = support.own_sheet


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def changed(client, users, own_sheet, other_sheet):
    """A workbook with valid changes on both sheets, and the state uploading it leads to."""
    data = download(client, users["planning_admin"])
    data = edit(data, {
        (OWN, address(data, OWN, field="goal")): "新しい目標",
        (OWN, address(data, OWN, "起業相談件数", 2021, "actual")): 120,
        (OTHER, address(data, OTHER, field="next_plan")): "- 商店街を支援する",
    })
    with transaction.atomic():
        result = upload_workbook(data, own_sheet.cycle, users["planning_admin"])
        assert result.ok, result.errors
        applied = snapshot()
        transaction.set_rollback(True)
    return data, applied


def _upload_and_roll_back(data, cycle, user) -> tuple[UploadResult, dict]:
    with transaction.atomic():
        result = upload_workbook(data, cycle, user)
        after = snapshot()
        transaction.set_rollback(True)
    assert isinstance(result, UploadResult)
    return result, after


@FUZZ
@given(data=st.one_of(st.binary(max_size=2048),
                      st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b)))
def test_random_bytes_are_refused_and_write_nothing(users, cycle, own_sheet, data):
    before = snapshot()
    result, after = _upload_and_roll_back(data, cycle, users["section_editor"])
    assert result.errors and after == before


@FUZZ
@given(st.data())
def test_truncated_workbook_is_refused_and_writes_nothing(users, cycle, changed, data):
    workbook, _applied = changed
    cut = data.draw(st.integers(min_value=0, max_value=len(workbook) - 1))
    before = snapshot()
    result, after = _upload_and_roll_back(workbook[:cut], cycle, users["planning_admin"])
    assert result.errors and after == before


@FUZZ
@given(st.data())
def test_perturbed_workbook_writes_everything_or_nothing(users, cycle, changed, data):
    workbook, applied = changed
    damaged = bytearray(workbook)
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(workbook) - 1), st.integers(1, 255)),
                               min_size=1, max_size=8))
    for position, mask in flips:
        damaged[position] ^= mask
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(min_value=len(workbook) // 2, max_value=len(workbook)))
        damaged = damaged[:cut]
    before = snapshot()
    result, after = _upload_and_roll_back(bytes(damaged), cycle, users["planning_admin"])
    assert after in (before, applied)
    assert result.ok == (after == applied)
    event("applied" if result.ok else result.errors[0][:12])


@FUZZ
@given(st.data())
def test_perturbed_parts_inside_a_sound_zip_never_half_write(users, cycle, changed, data):
    """Damage the XML itself and zip it up with good checksums: openpyxl sees the damage."""
    workbook, _applied = changed
    with zipfile.ZipFile(io.BytesIO(workbook)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    name = data.draw(st.sampled_from(sorted(parts)))
    body = parts[name]
    start = data.draw(st.integers(0, len(body)))
    end = data.draw(st.integers(start, min(len(body), start + 40)))
    insert = data.draw(st.one_of(st.binary(max_size=12),
                                 st.sampled_from([b"<", b">", b"&", b'"', b"0", b"9", b"-"])))
    parts[name] = body[:start] + insert + body[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, content in parts.items():
            dst.writestr(part, content)
    before = snapshot()
    result, after = _upload_and_roll_back(out.getvalue(), cycle, users["planning_admin"])
    event(name if result.errors else "written")
    if result.errors:
        assert after == before
    else:
        # Whatever was read (a damaged number may read as another number) went in whole.
        versions = dict((row[0], row[1]) for row in after["sheets"])
        for pk, version, *_texts in before["sheets"]:
            assert versions[pk] - version in (0, 1)
        assert after["changes"] - before["changes"] == sum(n for _t, n in result.saved)


@FUZZ
@given(cells=st.dictionaries(
    st.sampled_from(["goal", ("起業相談件数", 2021, "target"), ("起業相談件数", 2021, "actual"),
                     ("起業相談件数", 2021, "actual_status"), ("起業相談件数", 2021, "breakdown"),
                     ("満足度", 2021, "actual"), ("相談窓口の利用者数", 2021, "target")]),
    st.one_of(st.none(), st.text(max_size=30), st.integers(-10**15, 10**15),
              st.floats(allow_nan=False, allow_infinity=False), st.booleans()),
    min_size=1, max_size=4))
def test_any_cell_content_is_either_saved_or_named_never_a_crash(client, users, cycle, own_sheet,
                                                                   cells):
    workbook = download(client, users["section_editor"])
    changes = {}
    for key, value in cells.items():
        cell = address(workbook, OWN, field=key) if key == "goal" else address(workbook, OWN, *key)
        changes[(OWN, cell)] = value
    try:
        data = edit(workbook, changes)
    except IllegalCharacterError:  # Excel cannot hold control characters, so nobody types them
        return
    before = snapshot()
    result, after = _upload_and_roll_back(data, cycle, users["section_editor"])
    event("saved" if result.ok else "refused")
    if result.errors:
        assert after == before
        assert all(error.startswith(f"{OWN}!") for error in result.errors)
