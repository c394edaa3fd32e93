from datetime import timedelta

import pytest
from django.utils import timezone

# Planted in every personal field and in the sender's own wording: none may be published.
NAME, EMAIL, ADDRESS, RAW = ("【氏名の印】", "marker-person@example.jp", "【住所の印】",
                             "【原文の印】")


@pytest.fixture(autouse=True)
def _view_classes(request):
    """The migration's list, also after a transactional test flushed it."""
    names = request.fixturenames
    database = next((n for n in ("transactional_db", "db") if n in names), None)
    if database is None and request.node.get_closest_marker("django_db"):
        database = "db"
    if database is not None:
        from shisaku.consultation.models import ViewClass

        request.getfixturevalue(database)
        ViewClass.ensure_defaults()


@pytest.fixture
def program(db):
    from shisaku.core.testing import make_plan, make_program

    return make_program(make_plan(), 4, 2026, 2029)


@pytest.fixture
def planner(users):
    return users["planning_admin"]


def make_consultation(planner, program, *, state="open", days=(-3, 3), **values):
    """A consultation in `state`, its period `days` around today, with two chapters."""
    from shisaku.consultation import services

    today = timezone.localdate()
    consultation = services.save_consultation(
        None, planner, program=program, title=values.pop("title", "第4期実行プログラム素案"),
        summary=values.pop("summary", "素案の概要です。"),
        opens_on=today + timedelta(days=days[0]), closes_on=today + timedelta(days=days[1]),
        chapters=["第1章 計画の考え方", "第2章 施策の展開"], **values)
    if state != "preparing":
        services.open_period(consultation, planner)
    if state in ("collecting", "published"):
        services.close_period(consultation, planner)
    consultation.refresh_from_db()
    return consultation


def answer(opinion, planner, *, summary="要旨", view="市の考え方", code="A", chapter=None):
    from shisaku.consultation import services
    from shisaku.consultation.models import ViewClass

    chapter = chapter or opinion.consultation.chapters.first()
    opinion = services.classify(opinion, planner, chapter=chapter, summary=summary)
    return services.write_view(opinion, planner, view=view,
                               view_class=ViewClass.objects.get(code=code))


@pytest.fixture
def open_consultation(planner, program):
    return make_consultation(planner, program)


@pytest.fixture
def published(planner, program):
    """A published result: two opinions with every personal field and the raw text marked."""
    from shisaku.consultation import services

    c = make_consultation(planner, program)
    first = services.receive_public_opinion(
        c, category="resident", name=NAME, email=EMAIL, text=f"{RAW}事業承継の支援を厚くしてほしい")
    second = services.enter_opinion(
        c, planner, channel="post", category="business", name=NAME, email=EMAIL,
        address=ADDRESS, text=f"{RAW}研究開発の拠点との連携を", received_at=timezone.now())
    chapters = list(c.chapters.all())
    answer(first, planner, summary="事業承継の支援の拡充を求める意見", view="承継支援の取組に反映します。",
           code="A", chapter=chapters[0])
    answer(second, planner, summary="研究開発拠点との連携を求める意見",
           view="今後の取組の参考とします。", code="C", chapter=chapters[1])
    services.close_period(c, planner)
    services.publish_result(c, planner)
    c.refresh_from_db()
    return c
