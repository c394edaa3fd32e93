"""Small hand-written factories for tests: one call per domain object."""

from shisaku.accounts.models import Role, User
from shisaku.city.models import Bureau, Section
from shisaku.ordinance.models import Article, Ordinance
from shisaku.plan.models import Level, Node, Plan, Program
from shisaku.projects.models import Placement, Project

PASSWORD = "test-pass-Shisaku-1"


def make_section(name: str = "工業振興課", bureau: str = "経済労働局") -> Section:
    b, _ = Bureau.objects.get_or_create(name=bureau)
    return Section.objects.get_or_create(bureau=b, name=name)[0]


def make_user(username: str, role: Role, sections=()) -> User:
    user = User.objects.create_user(username, password=PASSWORD, role=role)
    if sections:
        user.sections.set(sections)
    return user


def make_plan(first_fy: int = 2026, last_fy: int = 2037, name: str = "かわさき産業振興プラン") -> Plan:
    return Plan.objects.create(name=name, first_fy=first_fy, last_fy=last_fy)


def make_program(plan: Plan, ordinal: int, first_fy: int, last_fy: int,
                 levels=("基本施策", "取組項目"), side_levels=(), stage: str | None = None) -> Program:
    """A program with its levels; `stage` (e.g. 素案) makes it a draft, else the model's default."""
    extra = {"stage": stage} if stage else {}
    program = Program.objects.create(plan=plan, ordinal=ordinal, first_fy=first_fy,
                                     last_fy=last_fy, **extra)
    order = 1
    for name in side_levels:
        Level.objects.create(program=program, order=order, name=name, in_tree=False)
        order += 1
    for name in levels:
        Level.objects.create(program=program, order=order, name=name)
        order += 1
    return program


def make_node(program: Program, level_name: str, code: str, title: str = "", parent=None) -> Node:
    level = program.levels.get(name=level_name)
    return Node.objects.create(program=program, level=level, code=code, title=title or code,
                               parent=parent)


def make_article(number: int = 12, title: str = "創業、経営の革新等の促進",
                 kind: str = Article.Kind.MEASURE) -> Article:
    ordinance, _ = Ordinance.objects.get_or_create(title="川崎市中小企業活性化のための成長戦略に関する条例")
    return Article.objects.get_or_create(
        ordinance=ordinance, number=number, defaults={"title": title, "kind": kind}
    )[0]


def make_project(name: str = "起業化総合支援事業", section=None, articles=(), **fields) -> Project:
    project = Project.objects.create(name=name, section=section, **fields)
    if articles:
        project.articles.set(articles)
    return project


def place(project: Project, node: Node) -> Placement:
    placement = Placement(project=project, node=node)
    placement.full_clean()
    placement.save()
    return placement


def program4_tree():
    """A small program-4 shaped plan: one point, one basic policy, one action item."""
    plan = make_plan()
    program = make_program(plan, 4, 2026, 2029, side_levels=("ポイント",))
    point = make_node(program, "ポイント", "【1】", "イノベーション・エコシステムの形成")
    policy = make_node(program, "基本施策", "基本施策1", "イノベーションを創出する環境整備")
    item = make_node(program, "取組項目", "基本施策1 (1)", "イノベーション・エコシステムの構築",
                     parent=policy)
    return plan, program, point, policy, item
