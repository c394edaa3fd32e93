"""The whole turn of the execution program on the published demo, through the screens the
planning division and the public use: the review of the program that ended (program 2,
FY2018-2021, whose last year the FY2021 sheets carry), program 4 drafted from the current
program 3 with the changed hierarchy of seed 000, its projects mapped, a public comment on
the 素案 with opinions from the public form and from staff, the city's views, the result
published, adoption; then lineage answers where a project went, both ways.

The demo holds no tree for programs 2 and 3 (the seeds do not give them) and holds program 4
as adopted: the test enters program 2's tree as the city would have (the 1st program's
policies, which the 2nd kept) and takes the demo's program 4 away to draft it again.
"""

import io
from datetime import timedelta

import docx
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shisaku.accounts.models import User
from shisaku.consultation.models import Chapter, Consultation, Opinion, ViewClass
from shisaku.demo.data import PROGRAM4_POINTS, PROGRAM4_TREE
from shisaku.drafting import services as drafting
from shisaku.lib.era import format_fy
from shisaku.plan import services as plan_services
from shisaku.plan.models import Node, Program
from shisaku.projects import lineage
from shisaku.projects.models import Placement, Project
from shisaku.reports.content.program_review import render_program_review
from shisaku.sheets.models import IndicatorValue, Sheet
from shisaku.sheets.presentation import actual_text

pytestmark = pytest.mark.usefixtures("published_demo", "db")

NAME, EMAIL, ADDRESS = "【送り主の氏名】", "sender-marker@example.jp", "【送り主の住所】"
RAW = "【意見の原文】"


def P(name):
    return Project.objects.get(name=name)


def _enter_program2_tree():
    """Program 2's tree as program 1's, each project of the FY2021 sheets placed on the leaf
    most like its name."""
    p1, p2 = Program.objects.get(ordinal=1), Program.objects.get(ordinal=2)
    levels = {lv.name: lv for lv in p2.levels.all()}
    copies: dict[int, Node] = {}
    for node in Node.objects.filter(program=p1).select_related("level").order_by(
            "level__order", "order", "code"):
        copies[node.pk] = Node.objects.create(
            program=p2, level=levels[node.level.name], parent=copies.get(node.parent_id),
            code=node.code, title=node.title, order=node.order)
    leaves = drafting.leaf_nodes(p2)
    projects = Project.objects.filter(sheets__cycle__fiscal_year=2021).distinct()
    for project in projects:
        Placement.objects.create(project=project,
                                 node=drafting.suggest(project, leaves) or leaves[0])
    return p2, list(projects)


def _docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs], rows


def review_of_program2():
    p2, projects = _enter_program2_tree()
    assert len(projects) == Sheet.objects.filter(cycle__fiscal_year=2021).count() == 49
    data, _doc = render_program_review(p2, "docx")
    paragraphs, rows = _docx_text(data)
    text = "\n".join(paragraphs + ["\t".join(row) for row in rows])
    assert "第2期実行プログラムの振り返り" in paragraphs
    assert f"{format_fy(2018)}～{format_fy(2021)}" in text
    policies = [p for p in paragraphs if p.startswith("政策 ")]
    assert len(policies) == Node.objects.filter(program=p2, level__name="政策").count() == 7
    # Every project once or once per indicator in the first column; nothing else there.
    named = {row[0] for row in rows if row[0] != "事務事業"}
    assert named == {project.heading for project in projects}
    last_year = [v for v in IndicatorValue.objects.filter(
        fiscal_year=2021, actual__isnull=False, indicator__project__in=projects)]
    assert last_year and all(actual_text(v) in text for v in last_year)


def _take_away_demo_program4():
    p4 = Program.objects.get(ordinal=4)
    Opinion.objects.filter(consultation__program=p4).delete()
    Chapter.objects.filter(consultation__program=p4).delete()
    Consultation.objects.filter(program=p4).delete()
    Placement.objects.filter(node__program=p4).delete()
    Node.objects.filter(program=p4).order_by("-level__order").delete()
    p4.delete()


def _enter_program4_tree(program, kikaku):
    level = {lv.name: lv for lv in program.levels.all()}
    for code, title, _text in PROGRAM4_POINTS:
        plan_services.save_node(None, kikaku, program=program, level=level["ポイント"],
                                code=code, title=title)
    for code, title, items in PROGRAM4_TREE:
        policy = plan_services.save_node(None, kikaku, program=program, level=level["基本施策"],
                                         code=code, title=title)
        for number, item, _other, _projects in items:
            plan_services.save_node(None, kikaku, program=program, level=level["取組項目"],
                                    code=f"{code} {number}", title=item, parent=policy)


def _post(client, name, args, data, status=302):
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def _stage(client, program, to):
    program.refresh_from_db()
    response = client.post(reverse("drafting:draft_stage", args=[program.pk]),
                           {"to": to, "version": program.version}, follow=True)
    program.refresh_from_db()
    return response.content.decode()


def _map(client, program):
    """The mapping table as suggested, with a rename, a merge, an abolition and a new one."""
    url = reverse("drafting:mapping", args=[program.pk])
    form = client.get(url).context["form"]
    data = {name: "" if field.initial is None else field.initial
            for name, field in form.fields.items()}
    first_leaf = str(drafting.leaf_nodes(program)[0].pk)
    for name in data:
        if name.endswith("-node") and name.startswith("p") and not data[name]:
            data[name] = first_leaf
    leaf = {n.code: str(n.pk) for n in drafting.leaf_nodes(program)}
    renamed, merged, abolished = P("生産性向上推進事業"), P("商店街課題対応事業"), P("地域連携事業")
    data.update({f"p{renamed.pk}-kind": "renamed", f"p{renamed.pk}-name": "生産性向上・DX推進事業",
                 f"p{renamed.pk}-node": leaf["基本施策2 (1)"],
                 f"p{merged.pk}-kind": "merged", f"p{merged.pk}-into": str(P("商業力強化事業").pk),
                 f"p{abolished.pk}-kind": "abolished",
                 "n0-name": "商業デジタル化支援事業", "n0-node": leaf["基本施策3 (2)"]})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _public_comment(staff, program):
    today = timezone.localdate()
    _post(staff, "consultation:create", [], {
        "program": program.pk, "title": "第4期実行プログラム（素案）への意見募集",
        "summary": "素案の概要", "opens_on": today - timedelta(days=1),
        "closes_on": today + timedelta(days=20), "version": "",
        "chapters": "1 策定にあたって\n2 基本的な考え方\n3 第4期実行プログラム"})
    c = Consultation.objects.get(program=program)
    assert c.stage == Program.Stage.OUTLINE
    _post(staff, "consultation:open", [c.pk], {"version": c.version})
    # While the public is asked, the draft stays the 素案.
    assert "募集期間中は" in _stage(staff, program, "proposal") and program.stage == "outline"

    visitor = Client()
    _post(visitor, "consultation:public_form", [c.pk], {
        "name": NAME, "email": EMAIL, "category": "business", "website": "",
        "text": f"{RAW}スタートアップと市内の中小企業をつなぐ場を増やしてほしい。"})
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    _post(staff, "consultation:opinion_add", [c.pk], {
        "channel": "post", "received_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "name": NAME, "address": ADDRESS, "category": "resident",
        "text": f"{RAW}商店街の取組を続けてほしい。"})
    c.refresh_from_db()
    _post(staff, "consultation:close", [c.pk], {"version": c.version})
    assert _stage(staff, program, "proposal") and program.stage == "proposal"
    assert "結果が公表されていません" in _stage(staff, program, "adopted")
    assert program.stage == "proposal"

    chapters = list(c.chapters.all())
    answers = {1: ("中小企業とスタートアップの連携の場を求める意見", "A", "連携の場づくりを取組に加えます。"),
               2: ("商店街の取組の継続を求める意見", "B", "商業の取組として素案に記載しています。")}
    for opinion in c.opinions.order_by("number"):
        summary, code, view = answers[opinion.number]
        _post(staff, "consultation:classify", [opinion.pk], {
            "chapter": chapters[2].pk, "summary": summary, "version": opinion.version})
        opinion.refresh_from_db()
        _post(staff, "consultation:view", [opinion.pk], {
            "view_class": ViewClass.objects.get(code=code).pk, "view": view,
            "version": opinion.version})
    c.refresh_from_db()
    _post(staff, "consultation:publish", [c.pk], {"version": c.version})
    page = Client().get(reverse("consultation:public_result", args=[c.pk])).content.decode()
    for summary, _code, view in answers.values():
        assert summary in page and view in page
    for private in (NAME, EMAIL, ADDRESS, RAW):
        assert private not in page


def test_the_whole_turn_from_the_review_to_the_lineage_after_adoption():
    review_of_program2()

    kikaku = User.objects.get(username="kikaku")
    staff = Client()
    staff.force_login(kikaku)
    _take_away_demo_program4()
    p3 = Program.objects.get(ordinal=3)
    _post(staff, "drafting:draft_start", [p3.pk], {
        "levels": "+ポイント\n基本施策\n取組項目", "last_fy": "",
        "comprehensive_plan_period": "総合計画第4期実施計画"})
    program = Program.objects.get(ordinal=4)
    assert (program.first_fy, program.last_fy, program.stage) == (2026, 2029, "basic_approach")
    _enter_program4_tree(program, kikaku)
    _map(staff, program)
    to_map = drafting.projects_to_map(p3)
    assert program.mappings.count() == len(to_map) + 1
    compare = staff.get(reverse("drafting:compare", args=[program.pk])).content.decode()
    assert "イノベーションを創出する環境整備" in compare and "統合" in compare

    _stage(staff, program, "outline")
    assert program.stage == "outline"
    _public_comment(staff, program)
    _stage(staff, program, "adopted")
    assert program.stage == "adopted" and program.is_final

    placed = {p.project.name: p.node.code for p in Placement.objects.filter(node__program=program)}
    assert placed["生産性向上・DX推進事業"] == "基本施策2 (1)"
    assert placed["商業デジタル化支援事業"] == "基本施策3 (2)"
    continuing = {m.project.name for m in program.mappings.filter(kind="continuing")}
    assert continuing <= set(placed) and len(placed) == len(continuing) + 2

    # Old → new: where did the project go?
    _before, after = lineage.chain(P("生産性向上推進事業"))
    assert [(s.event.kind, s.successors) for s in after] == [
        ("renamed", (P("生産性向上・DX推進事業"),))]
    _before, after = lineage.chain(P("商店街課題対応事業"))
    assert [(s.event.kind, s.successors) for s in after] == [("merged", (P("商業力強化事業"),))]
    _before, after = lineage.chain(P("地域連携事業"))
    assert [(s.event.kind, s.successors) for s in after] == [("abolished", ())]
    # New → old: where did it come from?
    before, _after = lineage.chain(P("生産性向上・DX推進事業"))
    assert [(s.event.kind, s.predecessors) for s in before] == [
        ("renamed", (P("生産性向上推進事業"),))]
    before, _after = lineage.chain(P("商業力強化事業"))
    assert any(P("商店街課題対応事業") in s.predecessors for s in before)
    before, _after = lineage.chain(P("商業デジタル化支援事業"))
    assert [(s.event.kind, s.predecessors) for s in before] == [("new", ())]
    for gone in ("生産性向上推進事業", "商店街課題対応事業", "地域連携事業"):
        assert P(gone).last_fy == 2025
