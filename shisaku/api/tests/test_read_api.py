"""The read API on the published demo: the published record for everyone, nothing else."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shisaku.published import records

from .conftest import DRAFT_KOGYO, DRAFT_SHOGYO, NEVER_PUBLIC, RETURN_MARK, STAFF_MARK

pytestmark = pytest.mark.usefixtures("published_demo")

BASE = "/api/v1"
LISTS = ["/plans", "/programs", "/projects", "/sheets", "/indicators", "/opinions",
         "/statistics", "/documents"]


def get(client, path, **headers):
    return client.get(BASE + path, **headers)


def items(client, path, **headers):
    response = get(client, path, **headers)
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]


def every_url(project_id, section_id, program_ids, node_id, slugs):
    """Every list endpoint with every filter it takes, for the published and the unpublished
    year."""
    urls = list(LISTS)
    for fy in (2021, 2022):
        urls += [f"/projects?fiscal_year={fy}", f"/sheets?fiscal_year={fy}",
                 f"/indicators?fiscal_year={fy}", f"/opinions?fiscal_year={fy}",
                 f"/documents?fiscal_year={fy}"]
    for article in (12, 13, 15, 16, 17, 19):
        urls += [f"/{name}?article={article}"
                 for name in ("projects", "sheets", "indicators", "opinions")]
    urls += [f"/{name}?project={project_id}" for name in ("sheets", "indicators", "opinions")]
    urls += [f"/projects?section={section_id}", f"/sheets?section={section_id}",
             f"/projects?node={node_id}"]
    urls += [f"/programs/{pk}/nodes?limit=200" for pk in program_ids]
    urls += [f"/statistics/{slug}/values?limit=200" for slug in slugs]
    return urls


def test_every_endpoint_returns_the_published_record_to_anonymous_callers(client, db):
    for path in LISTS:
        if path != "/documents":  # built on first request: see the documents test
            assert items(client, path), path
    sheets = items(client, "/sheets?fiscal_year=2021&limit=200")
    assert {s["id"] for s in sheets} == set(records.sheets(2021).values_list("pk", flat=True))
    assert all(s["published"] and s["state"] == "published" for s in sheets)
    verified = next(s for s in sheets if s["verified"])
    frozen = records.sheets(2021).get(pk=verified["id"]).published_snapshot
    assert verified["texts"]["goal"] == frozen["texts"]["goal"]
    assert items(client, "/sheets?fiscal_year=2022") == []
    opinions = items(client, "/opinions?limit=200")
    assert len(opinions) == records.opinions().count()
    assert all(o["response"] for o in opinions)


def test_a_past_year_known_by_its_month_gives_no_invented_publication_moment(client, db):
    """FY2021 is recorded from the city's report, printed 令和4年8月 without a day: its sheets
    were recorded today, not published today."""
    sheets = items(client, "/sheets?fiscal_year=2021&limit=200")
    assert sheets and all(s["published_at"] is None for s in sheets)
    assert records.cycle(2021).published_month == "2022-08"


def test_projects_carry_their_lineage_articles_and_section(client, db):
    from shisaku.projects.models import LineageEvent

    event = LineageEvent.objects.filter(kind="merged").first()
    predecessor = event.predecessors.first()
    rows = items(client, "/projects?limit=200") + items(client, "/projects?limit=200&offset=200")
    row = next(r for r in rows if r["id"] == predecessor.pk)
    lineage = next(e for e in row["lineage"] if e["effective_fy"] == event.effective_fy)
    assert lineage["kind"] == "merged"
    assert {p["id"] for p in lineage["successors"]} == set(
        event.successors.values_list("pk", flat=True))
    assert row["articles"] == sorted(predecessor.articles.values_list("number", flat=True))


def test_program_nodes_form_a_hierarchy_with_levels(client, db):
    program = records.programs().filter(ordinal=1).first()
    nodes = items(client, f"/programs/{program.pk}/nodes?limit=200")
    by_id = {n["id"]: n for n in nodes}
    assert {n["level"] for n in nodes} >= {"政策", "施策", "基本戦略"}
    children = [n for n in nodes if n["parent_id"]]
    assert children and all(n["parent_id"] in by_id for n in children)
    assert get(client, "/programs/999999/nodes").status_code == 404


def test_statistics_give_released_periods_and_values(client, db):
    datasets = items(client, "/statistics?limit=200")
    census = next(d for d in datasets if d["kind"] == "census")
    values = items(client, f"/statistics/{census['slug']}/values?limit=200")
    assert values and {v["period"] for v in values} <= {p["key"] for p in census["periods"]}
    assert all(v["dimensions"]["industry"]["label"] and v["unit"] for v in values)
    assert get(client, "/statistics/no-such-dataset/values").status_code == 404


def test_documents_list_checksums_and_a_public_download_without_content(client, db):
    from shisaku.reports.publish import ensure_document

    document, _created = ensure_document(records.cycle(2021), "press", "docx")
    rows = items(client, "/documents?fiscal_year=2021")
    row = next(r for r in rows if r["kind"] == "press" and r["format"] == "docx")
    assert row["sha256"] == document.sha256 and row["size"] == document.size
    assert "content" not in row
    assert client.get(row["url"]).status_code == 200


def test_planted_markers_never_reach_an_anonymous_caller_on_any_list_or_filter(
        client, db, planted):
    from shisaku.plan.models import Node

    sheet = planted["kogyo"]
    programs = list(records.programs().values_list("pk", flat=True))
    node = Node.objects.filter(program_id__in=programs, placements__isnull=False).first()
    slugs = [d.slug for d in records.datasets()]
    urls = every_url(sheet.project_id, sheet.project.section_id, programs, node.pk, slugs)
    for path in urls:
        response = get(client, path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for marker in NEVER_PUBLIC:
            assert marker not in body, (path, marker)
    assert items(client, "/opinions?fiscal_year=2022") == []
    assert len(urls) > 50


def test_a_section_editors_token_reads_its_own_draft_but_not_another_sections(
        client, db, planted, bearer):
    auth = bearer("kogyo")
    own = items(client, f"/sheets?project={planted['kogyo'].project_id}", **auth)
    assert [s["texts"]["goal"] for s in own if not s["published"]] == [DRAFT_KOGYO]
    other = get(client, f"/sheets?project={planted['shogyo'].project_id}", **auth)
    assert DRAFT_SHOGYO not in other.content.decode()
    everything = get(client, "/sheets?fiscal_year=2022&limit=200", **auth).content.decode()
    assert DRAFT_KOGYO in everything and DRAFT_SHOGYO not in everything
    for path in ("/sheets?limit=200", "/indicators?limit=200", "/sheets?fiscal_year=2022"):
        body = get(client, path, **auth).content.decode()
        assert RETURN_MARK not in body and STAFF_MARK not in body
    indicators = items(client, f"/indicators?project={planted['kogyo'].project_id}", **auth)
    assert any(not row["published"] for row in indicators) or not planted[
        "kogyo"].project.indicators.exists()


def test_a_planning_admins_token_reads_every_draft(client, db, planted, bearer):
    body = get(client, "/sheets?fiscal_year=2022&limit=200", **bearer("kikaku")).content.decode()
    assert DRAFT_KOGYO in body and DRAFT_SHOGYO in body and RETURN_MARK not in body


def test_a_signed_in_session_alone_reads_only_the_public_record(client, db, planted):
    from shisaku.accounts.models import User

    client.force_login(User.objects.get(username="kikaku"))
    assert DRAFT_KOGYO not in get(client, "/sheets?fiscal_year=2022").content.decode()


def test_a_revoked_unknown_or_demoted_token_is_refused(client, db, bearer):
    from shisaku.accounts.models import Role, User
    from shisaku.api.models import ApiToken
    from shisaku.api.tokens import revoke_token

    auth = bearer("kogyo")
    assert get(client, "/sheets", **auth).status_code == 200
    token = ApiToken.objects.get(user__username="kogyo")
    revoke_token(user=token.user, token_id=token.pk)
    assert get(client, "/sheets", **auth).status_code == 401
    assert get(client, "/sheets", HTTP_AUTHORIZATION="Bearer shk_nothing").status_code == 401
    assert get(client, "/sheets", HTTP_AUTHORIZATION="Basic a2lrYWt1Og==").status_code == 401
    auth = bearer("nogyo")
    User.objects.filter(username="nogyo").update(role=Role.VIEWER)
    assert get(client, "/sheets", **auth).status_code == 401


def test_the_api_only_answers_reads(client, db, bearer):
    auth = bearer("kikaku")
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(BASE + "/sheets", **auth).status_code == 405


def test_etag_and_last_modified_with_304_on_if_none_match(client, db):
    first = get(client, "/sheets?fiscal_year=2021")
    assert first["ETag"] and first["Last-Modified"]
    again = get(client, "/sheets?fiscal_year=2021", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    since = get(client, "/sheets?fiscal_year=2021", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = get(client, "/sheets?fiscal_year=2022", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200 and other["ETag"] != first["ETag"]
    for path in LISTS:
        response = get(client, path)
        assert response["ETag"] and response["Last-Modified"], path
    schema = client.get(reverse("api:openapi"))
    assert schema["ETag"] and client.get(reverse("api:openapi"), HTTP_IF_NONE_MATCH=schema[
        "ETag"]).status_code == 304


def test_cors_allows_reading_the_api_from_anywhere_and_nothing_else(client, db):
    origin = {"HTTP_ORIGIN": "https://example.org"}
    assert get(client, "/sheets", **origin)["Access-Control-Allow-Origin"] == "*"
    assert client.get(reverse("api:openapi"), **origin)["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(BASE + "/sheets", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                               **origin)
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight
    for path in ("/", "/accounts/login/", "/reports/published/"):
        assert "Access-Control-Allow-Origin" not in client.get(path, **origin), path


def test_pages_are_bounded_and_ordered_the_same_way_every_time(client, db):
    whole = items(client, "/sheets?limit=200")
    assert len(whole) == records.sheets().count()
    pages = [items(client, f"/sheets?limit=7&offset={offset}")
             for offset in range(0, len(whole), 7)]
    assert [s["id"] for page in pages for s in page] == [s["id"] for s in whole]
    assert all(len(page) <= 7 for page in pages)
    assert get(client, "/sheets").json()["count"] == len(whole)
    assert len(items(client, "/projects")) == 50  # the default page
    assert get(client, "/sheets?limit=201").status_code == 422
    assert get(client, "/sheets?limit=0").status_code == 422


@pytest.mark.parametrize(("narrow", "wide"), [
    ("/projects?article=12", "/projects?limit=200"),
    ("/sheets?article=19", "/sheets?limit=200"),
    ("/indicators?article=19", "/indicators?limit=200"),
    ("/opinions?article=18", "/opinions?limit=200"),
    ("/statistics?limit=1", "/statistics?limit=200"),
    ("/documents?fiscal_year=2022", "/documents?limit=200"),
])
def test_query_counts_do_not_grow_with_rows(client, db, narrow, wide):
    from shisaku.reports.publish import ensure_document

    for fmt in ("docx", "html"):
        ensure_document(records.cycle(2021), "press", fmt)
    with CaptureQueriesContext(connection) as few:
        small = get(client, narrow)
    with CaptureQueriesContext(connection) as many:
        large = get(client, wide)
    assert small.status_code == large.status_code == 200
    assert len(large.json()["items"]) > len(small.json()["items"]) + 1
    # At most 20, of which 3 read the publication generation (published/cache.py).
    assert len(many) <= len(few) + 2 and len(many) <= 23, (len(few), len(many))


def test_an_anonymous_list_is_built_once_until_the_record_changes(client, db):
    with CaptureQueriesContext(connection) as first:
        get(client, "/indicators?limit=5")
    with CaptureQueriesContext(connection) as again:
        assert get(client, "/indicators?limit=5&offset=5").status_code == 200
    # The generation's 3, the record's last publication, throttling: nothing builds rows.
    assert len(again) < len(first) and len(again) <= 8


def test_token_holders_query_counts_do_not_grow_with_rows(client, db, bearer):
    auth = bearer("kikaku")
    with CaptureQueriesContext(connection) as few:
        small = get(client, "/indicators?article=19", **auth)
    with CaptureQueriesContext(connection) as many:
        large = get(client, "/indicators?limit=200", **auth)
    assert len(large.json()["items"]) > len(small.json()["items"]) + 1
    with CaptureQueriesContext(connection) as sheets:
        get(client, "/sheets?limit=200", **auth)
    assert len(many) <= len(few) + 2 and len(sheets) <= 25, (len(few), len(many), len(sheets))


def test_node_query_counts_are_flat(client, db, django_assert_max_num_queries):
    program = records.programs().filter(ordinal=1).first()
    with django_assert_max_num_queries(15):
        nodes = items(client, f"/programs/{program.pk}/nodes?limit=200")
    assert len(nodes) > 20


def test_the_openapi_schema_lists_every_route_and_only_reads(client, db):
    schema = client.get(reverse("api:openapi")).json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {p.removeprefix(BASE) for p in paths} >= set(LISTS) | {
        "/programs/{program_id}/nodes", "/statistics/{slug}/values"}
    assert all(set(item) <= {"get"} for item in paths.values())
    assert "OptionalBearer" in schema["components"]["securitySchemes"]


def test_the_documentation_page_describes_every_operation_in_japanese(client, db):
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    schema = client.get(reverse("api:openapi")).json()
    for path in schema["paths"]:
        assert path in html
    assert "事業シートの一覧" in html and "施策における目標" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert "style=" not in html and "<style" not in html and "cdn" not in html.lower()


def test_the_json_is_utf8_not_escaped(client, db):
    body = get(client, "/programs").content.decode()
    assert "実行プログラム" in body and json.loads(body)["items"]


def test_anonymous_callers_are_throttled_per_address_and_token_holders_are_not(
        client, db, settings, bearer):
    from django.core.cache import cache

    cache.clear()
    settings.SHISAKU_API_ANON_RATE = "3/min"
    assert [get(client, "/programs").status_code for _n in range(4)] == [200, 200, 200, 429]
    assert get(client, "/programs")["Retry-After"]
    elsewhere = get(client, "/programs", REMOTE_ADDR="192.0.2.9")
    assert elsewhere.status_code == 200
    auth = bearer("kogyo")
    assert {get(client, "/programs", **auth).status_code for _n in range(5)} == {200}
    cache.clear()


def test_head_answers_like_get_without_a_body(client, db):
    full = get(client, "/sheets?fiscal_year=2021")
    head = client.head(BASE + "/sheets?fiscal_year=2021")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == full["ETag"] and head["Last-Modified"]
    assert client.head(reverse("api:openapi")).status_code == 200
