"""A demo public comment on the draft of the 4th execution program (FY2026-2029), loaded
through the services like any other write, idempotently (a second run creates nothing).

The chapters are the headings of the draft's overview (seed 000: 1 策定にあたって … 5 進行管理).
The period follows the calendar of seed 003 (draft and public comment in November, result
before adoption in March) but its days are the demo's own, and so are the opinions, the
summaries and the city's views: the demo says so on the page.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Consultation, ViewClass

TITLE = "かわさき産業振興プラン（案）及び第4期実行プログラム（案）に対する意見募集（デモ）"
SUMMARY = ("令和8（2026）年度から12年間の新しいかわさき産業振興プランと、その最初の4年間の"
           "第4期実行プログラムの素案です。\n"
           "※デモ用の意見公募です。募集期間、寄せられた意見と市の考え方はデモのために作成したもので、"
           "市が実際に行った意見募集の内容ではありません。")
CHAPTERS = [
    "1 「かわさき産業振興プラン」の策定にあたって",
    "2 本市の現状と本市を取り巻く社会経済環境の変化",
    "3 「かわさき産業振興プラン」の基本的な考え方",
    "4 「かわさき産業振興プラン 第4期実行プログラム」",
    "5 進行管理",
]
OPENS, CLOSES = date(2025, 11, 14), date(2025, 12, 15)
# (received on, channel, category, text, chapter index, summary, class, the city's view)
OPINIONS = [
    (date(2025, 11, 20), "email", "business",
     "工場を続けていくうえで、技能を持つ人の後継ぎが見つからないことが一番の悩みです。"
     "プランの中で、ものづくりの技能を若い人に引き継ぐ取組をもっと具体的に書いてほしい。",
     3, "ものづくりの技能承継の取組を具体的に示してほしいという意見",
     "C", "技能の承継は人材の確保・育成に関する取組の中で進めます。具体的な事業は毎年度の"
          "実施状況の中でお示しします。"),
    (date(2025, 11, 28), "post", "resident",
     "めざす姿が分かりにくいと感じました。市民が自分ごととして読めるように、"
     "実現した状態を身近な例で説明してほしいです。",
     2, "めざす姿と実現している状態を身近な例で説明してほしいという意見",
     "A", "ご意見を踏まえ、めざす姿の説明に、実現している状態を具体的に思い描けるような"
          "記述を加えます。"),
    (date(2025, 12, 3), "fax", "organisation",
     "施策の成果をどう確かめるのかが大切だと思います。協議会による検証の結果が、"
     "次の年度の事業にきちんと生かされる仕組みを続けてください。",
     4, "検証の結果を翌年度以降の事業に生かす仕組みを続けてほしいという意見",
     "B", "条例に基づき、産業振興協議会の意見を踏まえた検証を毎年度行い、その結果を事業に"
          "反映する進行管理を素案に記載しています。"),
]


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def load_demo_consultation(planner, stdout=None) -> dict[str, int]:
    """The demo's public comment on program 4, its result published; nothing if it exists or
    there is no program 4 or no planning user to act as."""
    from shisaku.plan.models import Program

    program = Program.objects.filter(ordinal=4).first()
    if planner is None or program is None or Consultation.objects.filter(title=TITLE).exists():
        return {"consultation.Consultation": 0, "consultation.Opinion": 0}
    with transaction.atomic():
        ViewClass.ensure_defaults()
        c = services.save_consultation(None, planner, program=program, title=TITLE,
                                       summary=SUMMARY, opens_on=OPENS, closes_on=CLOSES,
                                       chapters=CHAPTERS)
        c = services.open_period(c, planner)
        chapters = list(c.chapters.all())
        for day, channel, category, text, chapter, summary, code, view in OPINIONS:
            opinion = services.enter_opinion(c, planner, channel=channel, category=category,
                                             text=text, received_at=_aware(day))
            opinion = services.classify(opinion, planner, chapter=chapters[chapter],
                                        summary=summary)
            services.write_view(opinion, planner, view=view,
                                view_class=ViewClass.objects.get(code=code))
        c = services.close_period(c, planner)
        services.publish_result(c, planner)
    if stdout is not None:
        stdout.write(f"意見公募（デモ）: 意見{len(OPINIONS)}件、結果を公表しました。\n")
    return {"consultation.Consultation": 1, "consultation.Opinion": len(OPINIONS)}
