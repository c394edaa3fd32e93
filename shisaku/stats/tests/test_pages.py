"""Statistics pages: the permission ladder, the caveat, downloads, the upload, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.stats import industries
from shisaku.stats.models import CensusValue, Dataset, Period

from .factories import make_census, make_dataset, make_period

pytestmark = pytest.mark.django_db

ALL = {"planning_admin", "section_editor", "council_member", "viewer"}
ADMIN = {"planning_admin"}
SLUG = "census-2016-final-establishments"
PAGES = [
    ("stats:index", [], ALL),
    ("stats:detail", [SLUG], ALL),
    ("stats:export", [SLUG], ALL),
    ("stats:import", [SLUG], ADMIN),
]


@pytest.mark.parametrize("name,args,allowed", PAGES)
def test_anonymous_is_sent_to_login(client, demo, name, args, allowed):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("name,args,allowed", PAGES)
def test_each_role_gets_200_or_403(client, users, demo, role, name, args, allowed):
    client.force_login(users[role])
    response = client.get(reverse(name, args=args))
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("slug", [
    "census-2016-final-establishments", "census-2016-preliminary-employees",
    "census-totals-employees", "survey-2017-business", "survey-2021-rd", "di-kawashin",
    "bankruptcies", "job-offers", "rd-institutions", "procurement", "subsidised-contracts"])
def test_every_demo_dataset_page_shows_its_table_and_chart(client, users, demo, slug):
    client.force_login(users["viewer"])
    response = client.get(reverse("stats:detail", args=[slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<table class="list stats-table">' in html
    if slug != "survey-2021-rd":  # one stratum: nothing to chart
        assert '<figure class="chart"><svg' in html


def test_the_page_shows_the_printed_figures_and_the_derived_columns(client, users, demo):
    client.force_login(users["viewer"])
    html = client.get(reverse("stats:detail", args=["census-2016-preliminary-establishments"])
                      ).content.decode()
    assert "<td class=\"num\">-1,588</td><td class=\"num\">-3.7%</td>" in html
    assert "業種の合計 41,903 が全産業 42,616 と一致しません" in html
    assert "情報通信業」の行がありません" in html  # the dataset's note on the seed


def test_a_page_spanning_comparability_groups_shows_the_caveat(client, users, demo):
    client.force_login(users["viewer"])
    html = client.get(reverse("stats:detail", args=["census-totals-establishments"])
                      ).content.decode()
    assert "比較上の注意" in html
    assert "経済センサス（平成21年〜平成28年）／経済センサス（令和3年以降）" in html
    html = client.get(reverse("stats:detail", args=[SLUG])).content.decode()
    assert "比較上の注意" not in html


def test_the_caveat_follows_the_periods_not_the_kind(client, users):
    client.force_login(users["viewer"])
    old = make_census("old", {2006: {"ALL": 45000}, 2009: {"ALL": 44000}})
    html = client.get(reverse("stats:detail", args=[old.slug])).content.decode()
    assert "事業所・企業統計調査（平成18年以前）／経済センサス（平成21年〜平成28年）" in html
    ratios = make_dataset("ratios", Dataset.Kind.JOB_OFFER, unit="倍")
    make_period(ratios, "2020", group="旧集計")
    make_period(ratios, "2021", group="新集計")
    html = client.get(reverse("stats:detail", args=[ratios.slug])).content.decode()
    assert "比較上の注意" in html and "旧集計／新集計" in html


def test_choosing_the_compared_years(client, users):
    dataset = make_census("three", {2012: {"E": 10, "ALL": 100}, 2014: {"E": 12, "ALL": 110},
                                    2016: {"E": 9, "ALL": 90}})
    client.force_login(users["viewer"])
    url = reverse("stats:detail", args=[dataset.slug])
    assert "<td class=\"num\">-3</td>" in client.get(url).content.decode()  # 2014 → 2016
    assert "<td class=\"num\">-1</td>" in client.get(url + "?a=2012&b=2016").content.decode()


def test_csv_downloads_are_utf8_with_bom(client, users, demo):
    client.force_login(users["viewer"])
    url = reverse("stats:export", args=["census-2016-preliminary-establishments"])
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff業種別事業所数の推移")
    assert "卸売業，小売業,\"9,114\",\"8,843\",-271,-3.0%,21.4%,21.6%" in body
    wide = client.get(url + "?layout=wide").content.decode("utf-8")
    assert wide.splitlines()[0] == "\ufeff業種,H26(2014),H28(2016)"
    caveated = client.get(reverse("stats:export", args=["census-totals-establishments"]))
    assert "※ この表・グラフは比較可能性の異なる系列" in caveated.content.decode("utf-8")


UPLOAD = "業種,H26(2014),H28(2016)\n製造業,3299,3034\n全産業,42616,40934\n"


def _upload(client, slug, text, encoding="cp932", layout="wide"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("census.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse("stats:import", args=[slug]), {"file": file, "layout": layout})


def test_upload_previews_then_writes_on_confirm(client, users):
    dataset = make_dataset("upload")
    client.force_login(users["planning_admin"])
    response = _upload(client, dataset.slug, UPLOAD)
    html = response.content.decode()
    assert response.status_code == 200 and "取込内容の確認" in html
    assert "Shift_JIS（cp932）" in html and "追加 4、変更 0、削除 0（同じ期間でファイルにない値）、変更なし 0" in html
    assert not CensusValue.objects.exists()  # nothing written before the confirmation
    token = client.session[f"stats-import-{dataset.pk}"]["token"]
    response = client.post(reverse("stats:import", args=[dataset.slug]),
                           {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert CensusValue.objects.filter(period__dataset=dataset).count() == 4
    assert f"stats-import-{dataset.pk}" not in client.session


def test_a_stale_confirmation_writes_nothing(client, users):
    dataset = make_dataset("stale")
    client.force_login(users["planning_admin"])
    response = client.post(reverse("stats:import", args=[dataset.slug]),
                           {"confirm": "1", "token": "forged"})
    assert response.status_code == 302
    assert not CensusValue.objects.exists()


def test_an_upload_with_a_bad_cell_shows_the_cell_and_writes_nothing(client, users):
    dataset = make_dataset("bad")
    client.force_login(users["planning_admin"])
    response = _upload(client, dataset.slug, UPLOAD.replace("3034", "\"3,03x\""), "utf-8-sig")
    html = response.content.decode()
    assert "何も登録していません" in html
    assert "2行目「H28(2016)」列: 「3,03x」は数値ではありません" in html
    assert not Period.objects.filter(dataset=dataset).exists()


def test_a_non_planning_role_cannot_upload(client, users):
    dataset = make_dataset("nope")
    client.force_login(users["section_editor"])
    assert _upload(client, dataset.slug, UPLOAD).status_code == 403
    assert not CensusValue.objects.exists()


def test_an_oversized_upload_is_refused(client, users):
    dataset = make_dataset("big")
    client.force_login(users["planning_admin"])
    response = _upload(client, dataset.slug, "業種,2014\n" + "製造業,1\n" * 600_000, "utf-8")
    assert "ファイルが大きすぎます（上限 5MB）。" in response.content.decode()
    assert not CensusValue.objects.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_the_figures(client, users):
    client.force_login(users["viewer"])
    codes = [i.code for i in industries.INDUSTRIES if i.code not in ("A", "B")]
    small = make_census("small", {2014: {"D": 1, "E": 2}, 2016: {"D": 1, "E": 3}})
    large = make_census("large", {y: {c: 10 + n for n, c in enumerate(codes)}
                                  for y in (2009, 2012, 2014, 2016)})
    assert _count(client, reverse("stats:detail", args=[small.slug])) == _count(
        client, reverse("stats:detail", args=[large.slug]))
    index = _count(client, reverse("stats:index"))
    for n in range(8):
        make_census(f"more-{n}", {2014: {"E": n}, 2016: {"E": n}})
    assert _count(client, reverse("stats:index")) == index


@pytest.mark.parametrize("slug", ["procurement", "rd-institutions", "survey-2021-rd", "di-kawashin"])
def test_series_pages_cost_the_same_with_more_periods(client, users, demo, slug):
    client.force_login(users["viewer"])
    url = reverse("stats:detail", args=[slug])
    before = _count(client, url)
    dataset = Dataset.objects.get(slug=slug)
    if dataset.kind != Dataset.Kind.SURVEY:
        for key in (["2022Q3", "2022Q4"] if dataset.kind == Dataset.Kind.DI else ["2010", "2011"]):
            make_period(dataset, key)
    assert _count(client, url) == before


@pytest.mark.parametrize("kind", [k for k, _ in Dataset.Kind.choices])
def test_an_empty_dataset_of_any_kind_still_renders(client, users, kind):
    dataset = make_dataset(f"empty-{kind.replace('_', '-')}", kind)
    client.force_login(users["planning_admin"])
    assert client.get(reverse("stats:detail", args=[dataset.slug])).status_code == 200
    assert client.get(reverse("stats:export", args=[dataset.slug])).status_code == 200
    assert client.get(reverse("stats:import", args=[dataset.slug])).status_code == 200


def test_exported_text_never_runs_as_an_excel_formula(client, users):
    dataset = make_census("formula", {2014: {"E": 1}}, title="=HYPERLINK(\"http://x\")")
    client.force_login(users["viewer"])
    body = client.get(reverse("stats:export", args=[dataset.slug])).content.decode("utf-8")
    assert body.startswith("\ufeff\"'=HYPERLINK(")


def test_the_list_marks_datasets_that_span_comparability_groups(client, users, demo):
    client.force_login(users["viewer"])
    html = client.get(reverse("stats:index")).content.decode()
    assert html.count("比較注意</span>") == 2  # the two census totals series (2014-2021)


def test_a_large_confirmed_import_is_written_by_a_background_job_that_can_run_twice(
        client, users, monkeypatch):
    from shisaku.jobs import services as jobs
    from shisaku.jobs.models import Job
    from shisaku.stats import views

    monkeypatch.setattr(views, "WEB_MAX_CELLS", 3)  # the upload's 4 values are "large"
    dataset = make_dataset("large")
    client.force_login(users["planning_admin"])
    _upload(client, dataset.slug, UPLOAD)
    token = client.session[f"stats-import-{dataset.pk}"]["token"]
    response = client.post(reverse("stats:import", args=[dataset.slug]),
                           {"confirm": "1", "token": token})
    job = Job.objects.get(kind=Job.Kind.STATS_IMPORT)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.owner == users["planning_admin"]
    assert CensusValue.objects.filter(period__dataset=dataset).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "完了" in page and "4個の値" in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)  # delivered again
    assert jobs.run(job.pk)["written"] == job.result["written"]
    assert CensusValue.objects.filter(period__dataset=dataset).count() == 4


def test_a_statistics_job_whose_file_is_gone_fails_with_a_reason(users):
    from shisaku.jobs import services as jobs
    from shisaku.jobs.models import Job

    dataset = make_dataset("gone")
    job = jobs.start(Job.Kind.STATS_IMPORT, {"dataset": dataset.slug,
                                             "file": "uploads/stats-import/none.json"},
                     users["planning_admin"])
    assert job.status == Job.Status.FAILED
    assert "もう一度ファイルを選んでください" in job.error
    assert not CensusValue.objects.exists()
