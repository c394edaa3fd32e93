"""Every route of the URL resolver has a declared access rule (accounts/routes.py), and the
role × route matrix generated from those rules holds for GET and POST.

For each route: anonymous and each of the four roles GET it (allowed → served, forbidden →
403 or the login page), and POST it (forbidden → refused and not one row of any domain table
changed; allowed → no server error, and where a real payload is given, it does write).
Rules that narrow a role to its own objects are also tried on an object the role does not own.
"""

import hashlib
from datetime import date

import pytest
from django.apps import apps
from django.core import serializers
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shisaku.accounts.models import Role
from shisaku.accounts.routes import (
    AUTHOR_OWN,
    NOBODY,
    READABLE,
    ROUTES,
    SECTION_OWN,
    rule_for,
)
from shisaku.core.testing import (
    make_article,
    make_project,
    make_section,
    make_user,
    place,
    program4_tree,
)
from shisaku.core.tests.fixtures import module_data
from shisaku.projects.models import LineageEvent
from shisaku.reports.models import PublishedDocument
from shisaku.sheets.models import Cycle, Sheet
from shisaku.sheets.tests.factories import COMPLETE_TEXTS, make_cycle, make_sheet, set_value
from shisaku.verification import services
from shisaku.verification.models import ArticleMainOpinion, Meeting
from shisaku.verification.tests.factories import make_committees, seat

pytestmark = pytest.mark.django_db

ROLES = [None, *Role]  # None: an anonymous visitor


# --- the resolver's routes ---------------------------------------------------------------


def walk(patterns=None, prefix=""):
    """(URL name with namespaces, pattern) for every pattern, recursing into includes."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name or ''}", p


def kwarg_names(pattern: URLPattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    return list(converters) if converters is not None else list(pattern.pattern.regex.groupindex)


def shisaku_routes() -> list[tuple[str, URLPattern]]:
    return sorted(((name, p) for name, p in walk()
                   if (rule := rule_for(name)) is not None and not rule.external),
                  key=lambda item: item[0])


def test_every_route_of_the_resolver_has_a_declared_access_rule():
    missing = sorted({name or f"<unnamed {p.pattern}>" for name, p in walk()
                      if rule_for(name) is None})
    assert not missing, (
        "These routes have no access rule in shisaku/accounts/routes.py (add one row each "
        "to ROUTES: who may GET, who may POST): " + ", ".join(missing))


def test_every_declared_rule_belongs_to_a_route():
    names = {name for name, _ in walk()}
    stale = sorted(set(ROUTES) - names)
    assert not stale, "ROUTES in accounts/routes.py names routes that do not exist: " + \
        ", ".join(stale)


# --- one populated world -----------------------------------------------------------------


# Built once per test module (module_data) and rolled back after its last test; each test
# runs in a savepoint inside it and gets the users and records read afresh, so nothing one
# test did to an object in memory reaches the next.
def _build_world() -> dict:
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.test import override_settings

    section, other_section = make_section("工業振興課"), make_section("商業振興課")
    users = {
        "planning_admin": make_user("kikaku", Role.PLANNING_ADMIN),
        "section_editor": make_user("kogyo", Role.SECTION_EDITOR, [section]),
        "council_member": make_user("iin", Role.COUNCIL_MEMBER),
        "viewer": make_user("etsuran", Role.VIEWER),
    }
    # As in every test (conftest): jobs run at once, their files in memory.
    with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            STORAGES={**settings.STORAGES, "default": {
                "BACKEND": "django.core.files.storage.InMemoryStorage"}}):
        world = _populate(users, section, other_section)
        # The job's file: each test has a storage of its own, so the world puts it back there.
        name = world["job"].result["file"]
        return {"users": users, "world": world,
                "job_file": (name, default_storage.open(name).read())}


route_world = module_data(_build_world)


def _fresh(value):
    return type(value)._default_manager.get(pk=value.pk) if hasattr(value, "_meta") else value


@pytest.fixture
def users(route_world, db):
    """The roles of the world (as the project's `users` fixture names them), read afresh."""
    return {key: _fresh(user) for key, user in route_world["users"].items()}


@pytest.fixture
def world(route_world, db):
    """Every record the routes need, read afresh for the test."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name, content = route_world["job_file"]
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return {key: _fresh(value) for key, value in route_world["world"].items()}


def _populate(users, section, other_section) -> dict:
    plan, program, point, policy, item = program4_tree()
    article = make_article(12)
    project = make_project("起業化総合支援事業", section=section, articles=[article],
                           group="工業振興関連事業", first_fy=2020)
    other_project = make_project("商業力強化事業", section=other_section, articles=[article],
                                 first_fy=2020)
    old = make_project("旧起業支援事業", section=section, first_fy=2015, last_fy=2019)
    event = LineageEvent.objects.create(kind=LineageEvent.Kind.RENAMED, effective_fy=2020)
    event.predecessors.set([old])
    event.successors.set([project])
    placement = place(project, item)

    published, verifying, entering = (
        make_cycle(2020, status=Cycle.Status.PUBLISHED, published_on=date(2021, 9, 1)),
        make_cycle(2021, status=Cycle.Status.VERIFYING),
        make_cycle(2022, status=Cycle.Status.ENTERING))
    published_sheet = make_sheet(project, cycle=published, state=Sheet.State.PUBLISHED,
                                 verified=True, **COMPLETE_TEXTS)
    sheet21 = make_sheet(project, cycle=verifying, state=Sheet.State.CONFIRMED, verified=True,
                         **COMPLETE_TEXTS)
    other_sheet21 = make_sheet(other_project, cycle=verifying, state=Sheet.State.CONFIRMED,
                               verified=True, **COMPLETE_TEXTS)
    sheet = make_sheet(project, cycle=entering, complete=True)
    other_sheet = make_sheet(other_project, cycle=entering, complete=True)
    indicator = project.indicators.get()
    for fy, actual in ((2020, 80), (2021, 95)):
        set_value(indicator, fy, target=100, actual=actual)
    PublishedDocument.objects.create(cycle=published, kind="press", format="html",
                                     content=b"<!DOCTYPE html><p>2020</p>")

    council, sub = make_committees()
    seat(users["council_member"], sub)
    other_member = make_user("iin2", Role.COUNCIL_MEMBER)
    seat(other_member, sub)
    meeting = Meeting.objects.create(cycle=verifying, committee=sub, kind="hearing",
                                     title="所管課ヒアリング")
    opinion = services.add_opinion(verifying, users["council_member"], text="意見", sheet=sheet21)
    other_opinion = services.add_opinion(verifying, other_member, text="他の委員の意見",
                                         sheet=other_sheet21)
    answered = services.add_opinion(verifying, users["council_member"], text="対応済みの意見",
                                    sheet=sheet21)
    response = services.respond(answered, users["section_editor"], text="対応",
                                classification="planned")
    other_answered = services.add_opinion(verifying, other_member, text="他課への意見",
                                          sheet=other_sheet21)
    other_response = services.respond(other_answered, users["planning_admin"], text="対応",
                                      classification="planned")
    main_opinion = ArticleMainOpinion.objects.create(
        cycle=verifying, article=article, order=1, opinion=answered, text="主な意見")

    from shisaku.stats.tests.factories import make_census

    dataset = make_census("test-census", {2016: {"ALL": 100}, 2021: {"ALL": 110}})
    from shisaku.jobs import services as jobs

    consultations = _consultations(users["planning_admin"], program)
    from shisaku.plan.models import Milestone

    milestone = Milestone.objects.create(program=program, order=1, title="策定・公表",
                                         starts_on=date(2026, 3, 1))
    job = jobs.start(jobs.Job.Kind.REPORT_BUILD,
                     {"fiscal_year": 2020, "kind": "press", "format": "html"},
                     users["planning_admin"])
    return {
        "job": job, "milestone": milestone,
        "plan": plan, "program": program, "node": item, "policy": policy, "article": article,
        "project": project, "other_project": other_project, "placement": placement,
        "published_sheet": published_sheet, "sheet21": sheet21, "sheet": sheet,
        "published_project": published_sheet.project,
        "other_sheet": other_sheet, "indicator": indicator, "meeting": meeting,
        "opinion": opinion, "other_opinion": other_opinion, "response": response,
        "other_response": other_response, "dataset": dataset, "committee": sub,
        "published": published, "verifying": verifying, "entering": entering,
        "main_opinion": main_opinion,
        # READABLE: every role reads the published sheet; the other section's draft is
        # the planning division's and that section's only.
        "readable_sheet": published_sheet,
        **consultations,
    }


def _consultations(planner, program) -> dict:
    """Public comments in each state: preparing, open (today in its period, one opinion),
    collecting (one opinion ready for the result) and published."""
    from datetime import timedelta

    from django.utils import timezone

    from shisaku.consultation import services as comments
    from shisaku.consultation.models import ViewClass

    ViewClass.ensure_defaults()
    today = timezone.localdate()
    made = {}
    for key in ("preparing", "open", "collecting", "published"):
        made[f"consultation_{key}"] = comments.save_consultation(
            None, planner, program=program, title=f"素案への意見募集（{key}）",
            summary="素案の概要", opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=3), chapters=["第1章 総論", "第2章 施策"])
    for key in ("open", "collecting", "published"):
        comments.open_period(made[f"consultation_{key}"], planner)
    made["consultation_opinion"] = comments.receive_public_opinion(
        made["consultation_open"], category="resident", text="受け付けた意見")
    for key in ("collecting", "published"):
        c = made[f"consultation_{key}"]
        opinion = comments.receive_public_opinion(c, category="business", text="意見")
        comments.classify(opinion, planner, chapter=c.chapters.first(), summary="要旨")
        comments.write_view(opinion, planner, view="市の考え方",
                            view_class=ViewClass.objects.first())
        comments.close_period(c, planner)
    comments.publish_result(made["consultation_published"], planner)
    return {k: v.__class__.objects.get(pk=v.pk) for k, v in made.items()}


# URL kwarg → value. `pk` names a different record on each route: PK_OF says which.
PK_OF = {
    "plan:plan_edit": "plan", "plan:program_edit": "program", "plan:node_edit": "node",
    "drafting:draft_start": "program", "drafting:draft": "program", "drafting:draft_stage": "program",
    "drafting:mapping": "program", "drafting:compare": "program", "drafting:program_review": "program",
    "drafting:milestone_add": "program", "drafting:milestone_edit": "milestone",
    "drafting:milestone_delete": "milestone",
    "reports:plan_summary": "program", "portal:plan_summary": "program",
    "projects:detail": "project", "projects:edit": "project", "projects:describe": "project",
    "projects:placement_create": "project", "projects:placement_delete": "project",
    "sheets:detail": "readable_sheet", "sheets:edit": "sheet", "sheets:indicator_create": "sheet",
    "sheets:print": "readable_sheet", "sheets:pdf": "readable_sheet",
    "sheets:validate_value": "sheet", "sheets:correct": "published_sheet",
    "sheets:action": "sheet", "sheets:indicator": "indicator",
    "sheets:history": "sheet",
    "verification:meeting_edit": "meeting", "verification:opinion_edit": "opinion",
    "verification:opinion_delete": "opinion", "verification:respond": "opinion",
    "verification:follow_up": "response", "verification:timeline": "project",
    "verification:main_opinion_edit": "main_opinion",
    "verification:main_opinion_delete": "main_opinion",
    "jobs:detail": "job", "jobs:download": "job", "jobs:retry": "job",
    "portal:project": "published_project",
    "consultation:public_detail": "consultation_open",
    "consultation:public_form": "consultation_open",
    "consultation:public_thanks": "consultation_open",
    "consultation:public_result": "consultation_published",
    "consultation:public_document": "consultation_published",
    "consultation:detail": "consultation_open", "consultation:edit": "consultation_open",
    "consultation:open": "consultation_preparing", "consultation:close": "consultation_open",
    "consultation:publish": "consultation_collecting",
    "consultation:opinion_add": "consultation_open",
}
# The record of the same kind that the section editor / council member does not own.
FOREIGN = {"project": "other_project", "sheet": "other_sheet", "opinion": "other_opinion",
           "response": "other_response", "readable_sheet": "other_sheet"}
# fy: the year each area works on (sheets are entered in 2022, verified in 2021,
# 2020 is published).
FY_OF = {"verification": 2021, "reports": 2021, "reports:public_download": 2020, "portal": 2020}


def route_kwargs(world, name, pattern, foreign=False) -> dict:
    kwargs = {}
    for key in kwarg_names(pattern):
        if key == "pk":
            assert name in PK_OF, f"test_route_matrix.PK_OF: which record is `pk` of {name}?"
            which = PK_OF[name]
            kwargs[key] = world[FOREIGN.get(which, which) if foreign else which].pk
        elif key == "fy":
            kwargs[key] = FY_OF.get(name, FY_OF.get(name.split(":")[0], 2022))
        elif key in ("sheet_pk",):
            kwargs[key] = world["sheet21"].pk
        elif key == "indicator_pk":
            kwargs[key] = (world["other_sheet"].project.indicators.get() if foreign
                           else world["indicator"]).pk
        elif key == "placement_pk":
            kwargs[key] = world["placement"].pk
        elif key == "program_id":
            kwargs[key] = world["program"].pk
        elif key == "slug":
            kwargs[key] = "projects" if name == "opendata:download" else world["dataset"].slug
        elif key == "kind":
            kwargs[key] = "press"
        elif key == "fmt":
            kwargs[key] = {"opendata:download": "csv", "consultation:public_document": "docx",
                           "reports:plan_summary": "docx",
                           "portal:plan_summary": "docx"}.get(name, "html")
        elif key == "opinion_pk":
            kwargs[key] = world["consultation_opinion"].pk
        elif key == "action":
            kwargs[key] = "submit"
        else:
            raise AssertionError(f"test_route_matrix.route_kwargs: no value for <{key}> of {name}")
    return kwargs


def _grid(sheet) -> dict:
    data = {"version": sheet.version, "goal": "書き換えた目標", "save": "1",
            "years": f"{sheet.fiscal_year - 1},{sheet.fiscal_year}"}
    for indicator in sheet.project.indicators.all():
        for fy in (sheet.fiscal_year - 1, sheet.fiscal_year):
            data[f"v{indicator.pk}_{fy}-actual_status"] = "measured"
        data[f"v{indicator.pk}_{sheet.fiscal_year}-target"] = "100"
        data[f"v{indicator.pk}_{sheet.fiscal_year}-actual"] = "90"
    return data


# A POST that writes when an allowed role sends it: so a refused one is refused for its
# sender, not for its data. (obj: the record the URL names.) Others are posted empty.
PAYLOADS = {
    # program 5 drafted from the world's program 4 (the mapping and stage need a draft: none here)
    "drafting:draft_start": lambda w, obj: {"levels": "基本施策\n取組項目", "last_fy": "",
                                        "comprehensive_plan_period": "総合計画第5期実施計画"},
    "projects:describe": lambda w, obj: {"description": "書き換えた概要", "version": obj.version},
    "projects:placement_delete": lambda w, obj: {},
    "sheets:edit": lambda w, obj: _grid(obj),
    "sheets:indicator_create": lambda w, obj: {
        "name": "新しい指標", "unit": "件", "kind": "activity", "direction": "higher",
        "measure": "number", "order": 5},
    "sheets:action": lambda w, obj: {},
    "sheets:correct": lambda w, obj: {"reason": "実績値の誤記"},
    "sheets:cycle_move": lambda w, obj: {"status": "verifying", "confirm": "1"},
    "sheets:cycle_delete": lambda w, obj: {"confirm": "1"},
    "sheets:cycle_start": lambda w, obj: {"fiscal_year": "令和5年度", "achieved_min": "100",
                                          "mostly_min": "80", "confirm": "1",
                                          "acknowledge": "1"},  # a past year: ticked
    "verification:opinion_add": lambda w, obj: {"scope": "group", "group": "工業振興関連事業",
                                                "text": "関連事業への意見"},
    "verification:sheet_opinion_add": lambda w, obj: {"text": "新しい意見"},
    "verification:opinion_edit": lambda w, obj: {"text": "直した意見", "version": obj.version},
    "verification:opinion_delete": lambda w, obj: {},
    "verification:respond": lambda w, obj: {"text": "対応します", "classification": "planned"},
    "verification:follow_up": lambda w, obj: {"status": "done", "note": "実施した"},
    "verification:main_opinions": lambda w, obj: {"article": w["article"].pk, "order": 2,
                                                  "text": "主な意見2"},
    "verification:meeting_create": lambda w, obj: {"committee": w["committee"].pk,
                                                   "kind": "hearing", "title": "第2回"},
    "verification:selection": lambda w, obj: {f"reason-{w['sheet21'].pk}": "選定理由"},
    "notices:list": lambda w, obj: {"all": "1"},  # each staff and council role has unread ones
    "notices:preferences": lambda w, obj: {},  # e-mail off
    "notices:schedule": lambda w, obj: {"due_publication": "2023-09-30"},
    "consultation:public_form": lambda w, obj: {"category": "resident", "text": "素案への意見"},
    "consultation:create": lambda w, obj: {
        "program": w["program"].pk, "title": "新しい意見公募", "summary": "素案の概要",
        "opens_on": "2026-11-01", "closes_on": "2026-11-30", "chapters": "第1章\n第2章"},
    "consultation:edit": lambda w, obj: {
        "program": w["program"].pk, "title": "直した件名", "summary": "素案の概要",
        "opens_on": obj.opens_on.isoformat(), "closes_on": obj.closes_on.isoformat(),
        "chapters": "第1章 総論\n第2章 施策", "version": obj.version},
    "consultation:open": lambda w, obj: {"version": obj.version},
    "consultation:close": lambda w, obj: {"version": obj.version},
    "consultation:publish": lambda w, obj: {"version": obj.version},
    "consultation:opinion_add": lambda w, obj: {
        "channel": "post", "received_at": obj.opens_on.isoformat() + " 10:00",
        "name": "差出人", "category": "resident", "text": "郵送の意見"},
    "consultation:classify": lambda w, obj: {
        "chapter": w["consultation_opinion"].consultation.chapters.first().pk,
        "summary": "意見の要旨", "version": w["consultation_opinion"].version},
    "consultation:view": lambda w, obj: {
        "view_class": _first_view_class(), "view": "市の考え方",
        "version": w["consultation_opinion"].version},
}


def _first_view_class() -> int:
    from shisaku.consultation.models import ViewClass

    return ViewClass.objects.first().pk
NO_EFFECT = {"sheets:validate_value"}  # checks a typed cell and saves nothing, by design


def _obj(world, name, foreign):
    which = PK_OF.get(name)
    if which is None:
        return None
    return world[FOREIGN.get(which, which) if foreign else which]


# --- the state of every domain table -----------------------------------------------------


def _domain_models():
    return [m for m in apps.get_models()
            if m.__module__.startswith("shisaku.") or m._meta.label == "auth.Group"]


def snapshot() -> dict[str, str]:
    """model label → count and SHA-256 of all its rows (fields and many-to-many links)."""
    state = {}
    for model in _domain_models():
        rows = model._default_manager.order_by("pk")
        data = serializers.serialize("json", rows)
        state[model._meta.label] = f"{rows.count()}:{hashlib.sha256(data.encode()).hexdigest()}"
    return state


def changed(before, after) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


# --- the matrix --------------------------------------------------------------------------


def _is_login(response) -> bool:
    """Sent to sign in first (login_required adds ?next=), not e.g. back after signing out."""
    return (response.status_code == 302 and response["Location"].startswith(reverse("login"))
            and "next=" in response["Location"])


def _narrowed(rule, role) -> bool:
    return (rule.own == SECTION_OWN and role == Role.SECTION_EDITOR) or (
        rule.own == AUTHOR_OWN and role == Role.COUNCIL_MEMBER) or (
        rule.own == READABLE and role is not None and role != Role.PLANNING_ADMIN)


def _cases(rule, method):
    """(role, on a foreign object?, allowed?) for every role, plus foreign-object cases."""
    for role in ROLES:
        allowed = rule.allows(method, role)
        yield role, False, allowed
        if allowed and _narrowed(rule, role):
            yield role, True, False


def _as(client, users, role):
    client.logout()
    if role is not None:
        client.force_login(users[role.value])
    return client


@pytest.mark.parametrize("name,pattern", shisaku_routes(), ids=[n for n, _ in shisaku_routes()])
def test_each_role_gets_exactly_what_the_route_rule_declares(client, users, world, name,
                                                             pattern):
    rule = rule_for(name)
    problems = []
    for role, foreign, allowed in _cases(rule, "GET"):
        url = reverse(name, kwargs=route_kwargs(world, name, pattern, foreign))
        response = _as(client, users, role).get(url)
        who = f"GET {name} as {role.value if role else 'anonymous'}{' (not own)' if foreign else ''}"
        if allowed:
            if response.status_code in (403, 404) or _is_login(response) \
                    or response.status_code >= 500:
                problems.append(f"{who}: allowed, got {response.status_code}")
        else:
            refused = response.status_code == 403 or _is_login(response) or (
                rule.read == NOBODY and response.status_code == 405)
            if not refused:
                problems.append(f"{who}: forbidden, got {response.status_code}")

    payload = PAYLOADS.get(name, lambda w, obj: {})
    for role, foreign, allowed in _cases(rule, "POST"):
        url = reverse(name, kwargs=route_kwargs(world, name, pattern, foreign))
        data = payload(world, _obj(world, name, foreign))
        who = f"POST {name} as {role.value if role else 'anonymous'}{' (not own)' if foreign else ''}"
        client = _as(client, users, role)
        before = snapshot()
        with transaction.atomic():
            response = client.post(url, data)
            after = snapshot()
            transaction.set_rollback(True)  # every case starts from the same world
        if response.status_code >= 500:
            problems.append(f"{who}: server error {response.status_code}")
        if allowed:
            if response.status_code == 403 or _is_login(response):
                problems.append(f"{who}: allowed, got {response.status_code}")
            elif name in PAYLOADS and name not in NO_EFFECT and role in (
                    Role.PLANNING_ADMIN, Role.SECTION_EDITOR, Role.COUNCIL_MEMBER) \
                    and not changed(before, after):
                problems.append(f"{who}: allowed with a valid payload, but nothing was written "
                                f"(status {response.status_code})")
        else:
            if changed(before, after):
                problems.append(f"{who}: forbidden, but it changed {changed(before, after)}")
            may_render = rule.write == NOBODY and rule.allows("GET", role) and not foreign
            refused = response.status_code in (403, 405) or _is_login(response)
            if not refused and not may_render:
                problems.append(f"{who}: forbidden, got {response.status_code}")
    assert not problems, "\n".join(problems)
