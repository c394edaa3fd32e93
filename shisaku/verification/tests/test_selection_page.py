"""Choosing the verified projects: grouped by article or section, a toggle per group, and
"same as last year" following the lineage; only 保存 writes."""

import pytest
from django.urls import reverse

from shisaku.core.testing import make_article, make_project, make_section
from shisaku.projects.lineage import record_event
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import make_cycle, make_sheet
from shisaku.verification.selection import grouped, last_year_selection, year_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(section):
    """FY2021 verified 起業 and two projects merged into one in 2022, one renamed."""
    art12, art13 = make_article(12), make_article(13, "商業の振興")
    old, new = make_cycle(2021, Cycle.Status.PUBLISHED), make_cycle(2022, Cycle.Status.ENTERING)
    kigyo = make_project("起業化総合支援事業", section=section, articles=[art12])
    a = make_project("先端産業等立地促進事業", section=section, articles=[art12], last_fy=2021)
    b = make_project("内陸部操業環境保全対策事業", section=section, articles=[art12], last_fy=2021)
    merged = make_project("操業環境保全対策事業", section=section, articles=[art12], first_fy=2022)
    before = make_project("商店街活性化事業", articles=[art13], last_fy=2021,
                          section=make_section("商業振興課"))
    after = make_project("商店街にぎわい創出事業", articles=[art13], first_fy=2022,
                         section=before.section)
    plain = make_project("技能奨励事業", section=section, articles=[art13])
    record_event("merged", 2022, [a, b], [merged])
    record_event("renamed", 2022, [before], [after])
    for project, verified in ((kigyo, True), (a, False), (b, True), (before, True),
                              (plain, False)):
        make_sheet(project, old, verified=verified, selection_reason=f"{project.name}の理由",
                   state=Sheet.State.PUBLISHED)
    sheets = {p.name: make_sheet(p, new) for p in (kigyo, merged, after, plain)}
    return new, sheets


@pytest.fixture
def admin(login, kikaku):
    return login(kikaku)


def test_last_years_selection_follows_renamed_and_merged_projects(years):
    cycle, sheets = years
    chosen = last_year_selection(cycle, year_sheets(cycle))
    assert chosen == {
        sheets["起業化総合支援事業"].pk: "起業化総合支援事業の理由",
        sheets["操業環境保全対策事業"].pk: "内陸部操業環境保全対策事業の理由",
        sheets["商店街にぎわい創出事業"].pk: "商店街活性化事業の理由",
    }


def test_sheets_are_grouped_once_each_by_article_or_by_section(years):
    cycle, _sheets = years
    by_article = grouped(year_sheets(cycle), "article")
    assert [g.title for g in by_article] == ["第12条 創業、経営の革新等の促進", "第13条 商業の振興"]
    assert sum(len(g.sheets) for g in by_article) == 4
    assert [g.title for g in grouped(year_sheets(cycle), "section")] == ["商業振興課", "工業振興課"]


def test_same_as_last_year_fills_the_form_and_only_save_writes(admin, years):
    cycle, sheets = years
    url = reverse("verification:selection", args=[2022])
    page = admin.post(url, {"prefill": "1"}).content.decode()
    assert "前年度（令和3（2021）年度）の検証対象を引継ぐ3事業を選びました" in page
    assert f'value="{sheets["操業環境保全対策事業"].pk}" id="v{sheets["操業環境保全対策事業"].pk}" checked' in page
    assert 'value="内陸部操業環境保全対策事業の理由"' in page
    assert not Sheet.objects.filter(cycle=cycle, verified=True).exists()
    chosen = [sheets[n].pk for n in ("起業化総合支援事業", "操業環境保全対策事業")]
    admin.post(url, {"verified": chosen,
                     f"reason-{chosen[0]}": "引き続き重点", f"reason-{chosen[1]}": "統合後も検証"})
    assert set(Sheet.objects.filter(cycle=cycle, verified=True).values_list("pk", flat=True)) \
        == set(chosen)


def test_a_group_toggle_selects_its_sheets_without_saving(admin, years):
    cycle, sheets = years
    url = reverse("verification:selection", args=[2022]) + "?by=section"
    page = admin.get(url).content.decode()
    assert "所管課ごと</strong>" in page
    key = f"section-{sheets['商店街にぎわい創出事業'].project.section_id}"
    page = admin.post(url, {"toggle": f"on:{key}"}).content.decode()
    pk = sheets["商店街にぎわい創出事業"].pk
    assert f'value="{pk}" id="v{pk}" checked' in page and "まだ保存していません" in page
    assert not Sheet.objects.filter(cycle=cycle, verified=True).exists()
    page = admin.post(url, {"toggle": f"off:{key}", "verified": [pk]}).content.decode()
    assert f'value="{pk}" id="v{pk}" checked' not in page


def test_the_meeting_form_groups_projects_by_article_and_members_by_category(admin, years,
                                                                              users):
    from shisaku.verification.models import Meeting, Member

    from .factories import make_committees

    council, _sub = make_committees()
    Member.objects.create(name="山田 花子", category="academic", affiliation="大学教授")
    Member.objects.create(name="川崎 太郎", category="organisation", affiliation="商工会議所")
    url = reverse("verification:meeting_create", args=[2022])
    page = admin.get(url).content.decode()
    art12 = page.index("第12条 創業、経営の革新等の促進")
    assert art12 < page.index("起業化総合支援事業") < page.index("第13条 商業の振興") \
        < page.index("商店街にぎわい創出事業")
    assert page.index("学識者") < page.index("山田 花子（大学教授）") < page.index("関係団体役職員") \
        < page.index("川崎 太郎（商工会議所）")
    _cycle, sheets = years
    project = sheets["技能奨励事業"].project
    response = admin.post(url, {"committee": council.pk, "kind": "hearing", "title": "ヒアリング",
                                "projects": [project.pk],
                                "attendees": [Member.objects.get(name="山田 花子").pk]})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.projects.all()) == [project]
