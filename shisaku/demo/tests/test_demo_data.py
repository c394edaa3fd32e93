
import pytest
from django.apps import apps
from django.forms.models import model_to_dict

from shisaku.accounts.models import Role, User
from shisaku.core.tests.fixtures import module_data
from shisaku.demo import data
from shisaku.demo.loader import create_demo_users, load_demo
from shisaku.ordinance.models import Article
from shisaku.plan.models import Node, Plan, Program
from shisaku.projects.lineage import chain
from shisaku.projects.models import LineageEvent, Project

SNAPSHOT_MODELS = [Project, Node, Article, LineageEvent]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The plan, projects and articles, loaded once for the module and rolled back after it; each
# test reads or writes in its own savepoint.
demo_plan = module_data(load_demo)


def _load_all():
    counts = load_demo()
    counts.update(create_demo_users())
    return counts


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("city", "ordinance", "plan", "projects", "accounts", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def _snapshot() -> dict[str, list[dict]]:
    """All field values (many-to-many as sorted pks) of the models the demo fills."""
    snap = {}
    for model in SNAPSHOT_MODELS:
        rows = []
        for obj in model.objects.order_by("pk"):
            row = model_to_dict(obj)
            row["pk"] = obj.pk
            for field in model._meta.many_to_many:
                row[field.name] = sorted(o.pk for o in row[field.name])
            rows.append(row)
        snap[model._meta.label] = rows
    return snap


def _program(ordinal: int) -> Program:
    return Program.objects.get(ordinal=ordinal)




@pytest.mark.django_db
def test_program_4_has_six_points_five_basic_policies_and_nineteen_action_items_with_projects(demo_plan):
    program = _program(4)
    nodes = Node.objects.filter(program=program)
    assert nodes.filter(level__name="ポイント", level__in_tree=False).count() == 6
    assert nodes.filter(level__name="基本施策").count() == 5
    items = nodes.filter(level__name="取組項目")
    assert items.count() == 19
    for item in items:
        assert item.placements.exists(), item
    other = items.get(other_bureau=True)
    assert other.code == "基本施策1 (4)"
    assert {p.project.name for p in other.placements.all()} == {
        "殿町国際戦略拠点推進事業", "大規模土地利用転換推進事業",
    }


@pytest.mark.django_db
def test_the_agricultural_action_items_follow_the_plan_text_not_the_misaligned_table(demo_plan):
    program = _program(4)

    def names(code):
        node = Node.objects.get(program=program, code=code)
        return [p.project.name for p in node.placements.order_by("order")]

    assert names("基本施策4 (1)") == [
        "農の担い手育成支援事業", "農業経営・技術向上支援事業", "農業技術支援センター機能更新事業",
    ]
    assert names("基本施策4 (2)") == ["農環境保全・生産基盤維持管理事業"]
    assert names("基本施策4 (3)") == ["農とのふれあい推進事業"]


@pytest.mark.django_db
def test_program_1_has_seven_policies_thirteen_measures_and_thirty_six_basic_strategies(demo_plan):
    nodes = Node.objects.filter(program=_program(1))
    assert nodes.filter(level__name="政策").count() == 7
    assert nodes.filter(level__name="施策").count() == 13
    assert nodes.filter(level__name="基本戦略").count() == 36
    strategy = nodes.get(code="3-3-6")
    assert strategy.title == "戦略的な産業立地誘導"
    assert [n.code for n in strategy.ancestors()] == ["3", "3-3"]


@pytest.mark.django_db
def test_the_plans_and_programs_cover_their_periods(demo_plan):
    assert list(Plan.objects.values_list("first_fy", "last_fy")) == [(2016, 2025), (2026, 2037)]
    periods = list(Program.objects.values_list("ordinal", "first_fy", "last_fy"))
    assert periods == [
        (1, 2016, 2017), (2, 2018, 2021), (3, 2022, 2025),
        (4, 2026, 2029), (5, 2030, 2033), (6, 2034, 2037),
    ]
    assert _program(4).comprehensive_plan_period == "総合計画第4期実施計画"
    assert Plan.objects.get(first_fy=2026).vision_states.count() == 2


@pytest.mark.django_db
def test_articles_1_to_24_exist_with_12_to_19_as_measures(demo_plan):
    articles = Article.objects.all()
    assert sorted(a.number for a in articles) == list(range(1, 25))
    assert sorted(a.number for a in Article.objects.measures()) == list(range(12, 20))
    assert articles.get(number=22).kind == Article.Kind.VERIFICATION
    assert articles.get(number=23).kind == Article.Kind.PUBLICATION
    assert all(a.text for a in articles)
    assert articles.get(number=19).text.count("\n") == 2  # three paragraphs


@pytest.mark.django_db
def test_the_merged_and_renamed_project_leads_back_to_both_predecessors(demo_plan):
    sogyo = Project.objects.get(name="操業環境保全対策事業")
    back, forward = chain(sogyo)
    assert forward == []
    origins = {p.name for step in back for p in step.predecessors}
    assert {"先端産業等立地促進事業", "内陸部操業環境保全対策事業"} <= origins
    assert sogyo.first_fy == 2022
    assert Project.objects.get(name="先端産業等立地促進事業").last_fy == 2021


@pytest.mark.django_db
def test_every_lineage_note_of_the_report_is_recorded_for_fy2022(demo_plan):
    events = LineageEvent.objects.all()
    assert events.count() == 7
    assert set(events.values_list("effective_fy", flat=True)) == {2022}
    for event in events:
        for project in event.predecessors.all():
            assert project.last_fy == 2021, project


@pytest.mark.django_db
def test_demo_users_exist_with_their_roles_and_sections(demo_plan):
    create_demo_users()
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "kikaku": Role.PLANNING_ADMIN, "kogyo": Role.SECTION_EDITOR,
        "shogyo": Role.SECTION_EDITOR, "nogyo": Role.SECTION_EDITOR,
        "iin": Role.COUNCIL_MEMBER, "etsuran": Role.VIEWER,
    }
    kogyo = User.objects.get(username="kogyo")
    assert [s.name for s in kogyo.sections.all()] == ["工業振興課"]
    assert kogyo.check_password(data.DEMO_PASSWORD)
    shogyo = User.objects.get(username="shogyo")
    assert {s.name for s in shogyo.sections.all()} == {"商業振興課", "観光プロモーション推進課"}
    assert User.objects.get(username="kikaku").display_name == "企画 太郎"


@pytest.mark.django_db
def test_a_second_run_keeps_a_password_the_user_changed(demo_plan):
    create_demo_users()
    user = User.objects.get(username="kogyo")
    user.set_password("changed-Password-1")
    user.save()
    create_demo_users()
    assert User.objects.get(username="kogyo").check_password("changed-Password-1")


@pytest.mark.django_db
def test_every_fy2021_verified_project_carries_its_article(demo_plan):
    for spec in data.FY2021_VERIFIED:
        project = Project.objects.get(name=spec["name"])
        assert sorted(a.number for a in project.articles.all()) == list(spec["articles"])
    assert Project.objects.get(name="内陸部操業環境保全対策事業").heading == (
        "工業振興関連事業 ②内陸部操業環境保全対策事業"
    )
    assert list(
        Project.objects.get(name="かわさき基準推進事業").articles.values_list("number", flat=True)
    ) == [12]


@pytest.mark.django_db
def test_projects_reappearing_in_program_4_are_the_same_rows(demo_plan):
    for name in ["雇用労働対策・就業支援事業", "勤労者福祉共済事業", "勤労者福祉対策事業", "技能奨励事業"]:
        project = Project.objects.get(name=name)
        assert project.placements.filter(node__program__ordinal=4).exists()
        assert project.articles.filter(number=17).exists()
        assert project.first_fy is None


def test_the_demo_data_names_each_project_once_and_places_only_known_projects():
    names = [spec["name"] for spec in data.PROJECTS]
    assert len(names) == len(set(names))
    placed = [
        name
        for _code, _title, items in data.PROGRAM4_TREE
        for _number, _item_title, _other, projects in items
        for name in projects
    ]
    assert set(placed) <= set(names)
    section_names = [name for _bureau, _dep, name, _order in data.SECTIONS]
    assert len(section_names) == len(set(section_names))






