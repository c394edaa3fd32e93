"""The sheet-by-sheet check before publication: no verified sheet prints as an empty heading.

A year run in Shisaku cannot be published while a verified sheet has no data (the preview
marks it); a past year recorded from the city's incomplete report names the sheets its
source lacked instead of printing them empty.
"""

import datetime

import pytest
from django.urls import reverse

from shisaku.core.testing import make_project
from shisaku.reports.build import build
from shisaku.reports.document import Heading, Para
from shisaku.reports.models import PublishedDocument
from shisaku.reports.publish import publication_preview, publish
from shisaku.sheets.cycle import PublicationBlocked, record_past_publication
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(section):
    """A settled year: one complete verified sheet and one verified sheet left empty."""
    cycle = make_cycle(2021, status=Cycle.Status.SETTLED)
    complete = make_sheet(make_project("生産性向上推進事業", section=section), cycle=cycle,
                          complete=True, verified=True, state=Sheet.State.CONFIRMED)
    empty = make_sheet(make_project("商業力強化事業", section=section), cycle=cycle,
                       verified=True, state=Sheet.State.CONFIRMED)
    return cycle, complete, empty


def test_a_verified_sheet_without_data_blocks_publication(year, users):
    cycle, _complete, empty = year
    with pytest.raises(PublicationBlocked) as refused:
        publish(cycle, users["planning_admin"])
    assert any("商業力強化事業" in b.text and "データがありません" in b.text
               for b in refused.value.blockers)
    assert any(b.url == reverse("sheets:detail", args=[empty.pk])
               for b in refused.value.blockers)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.SETTLED
    assert not PublishedDocument.objects.exists()


def test_the_publication_preview_lists_the_sheet_once_with_its_link(year):
    cycle, _complete, empty = year
    preview = publication_preview(cycle)
    assert [b.url for b in preview.empty_sheets] == [reverse("sheets:detail", args=[empty.pk])]
    about_empty = [b for b in preview.blockers if b.url == preview.empty_sheets[0].url]
    assert about_empty == preview.empty_sheets  # one line per sheet, not two
    assert not preview.ready


def test_the_report_preview_marks_the_sheet_without_data(year, client, users):
    cycle, _complete, _empty = year
    _data, doc = build(cycle, "full", "html")
    texts = [item.text for item in doc.items if isinstance(item, Heading | Para)]
    at = texts.index("商業力強化事業")
    assert texts[at + 1].startswith("【未入力】")
    assert any("商業力強化事業" in w and "公表できません" in w for w in doc.warnings)
    client.force_login(users["planning_admin"])
    page = client.get(reverse("reports:index", args=[2021])).content.decode()
    assert "【未入力】" in page


def test_once_the_sheet_has_data_the_year_publishes(year, users):
    cycle, _complete, empty = year
    complete = Sheet.objects.filter(cycle=cycle, project__name="生産性向上推進事業").get()
    for name in Sheet.REQUIRED_FIELDS + Sheet.FINAL_YEAR_FIELDS:
        setattr(empty, name, getattr(complete, name) or "記入済み")
    empty.save()
    from shisaku.sheets.tests.factories import make_indicator, set_value

    set_value(make_indicator(empty.project), 2021, target=10, actual=10)
    assert publication_preview(cycle).empty_sheets == []
    publish(cycle, users["planning_admin"])
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.PUBLISHED


def test_a_past_year_from_an_incomplete_source_names_the_sheets_it_lacked(year, users):
    cycle, complete, empty = year
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.VERIFYING)
    cycle.refresh_from_db()
    record_past_publication(cycle, users["planning_admin"],
                            published_on=datetime.date(2022, 8, 1),
                            source="令和3年度報告書（市の公表PDF）",
                            found_project_ids={complete.project_id})
    cycle.refresh_from_db()
    _data, doc = build(cycle, "full", "html")
    headings = [item.text for item in doc.items if isinstance(item, Heading)]
    notes = [item.text for item in doc.items if isinstance(item, Para) and item.style == "note"]
    assert "生産性向上推進事業" in headings
    assert empty.project.heading not in headings  # no empty heading for the lacking sheet
    assert any("令和3年度報告書（市の公表PDF）に掲載されていない" in n and "商業力強化事業" in n
               for n in notes)
    assert not any(n.startswith("【未入力】") for n in notes)
