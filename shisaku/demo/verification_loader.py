"""Load the demo verification data of FY2021 (``shisaku.demo.verification_data``), idempotently.

Run after ``load_demo()`` and ``load_demo_sheets()`` (the opinions belong to their articles and
FY2021 sheets) and, to link the demo login and to name the follow-ups' author, after
``create_demo_users()``; without the users it loads everything else.

Natural keys: Committee by name; Member by name; Membership by (committee, member); Meeting by
(cycle, committee, kind, title); Opinion by (cycle, scope, sheet / group / article, number);
Response by opinion; ArticleMainOpinion by (cycle, article, order); FollowUp by response.
Every row is created or updated only where a value differs, after ``full_clean()``, in one
transaction: a second run creates nothing and changes nothing.

FY2022: the follow-ups are recorded in the FY2022 cycle. If there is none, it is started with
``shisaku.sheets.cycle.start_cycle`` (as the demo planning admin when that user exists), which
also creates the FY2022 sheets, and opened for entry (入力中) by that user through
``move_cycle``. The FY2021 cycle's status is left as it is.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from shisaku.accounts.models import User
from shisaku.lib.articles import format_article
from shisaku.ordinance.models import Article
from shisaku.projects.models import Project
from shisaku.sheets.cycle import move_cycle, start_cycle
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet, SheetChange
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    FollowUp,
    Meeting,
    Member,
    Membership,
    Opinion,
    Response,
)

from . import data
from . import verification_data as vd
from .loader import _label, _Loader

VERIFICATION_MODELS = [
    Committee, Member, Membership, Meeting, Opinion, Response, ArticleMainOpinion, FollowUp,
]
# What starting the FY2022 cycle creates.
FY2022_MODELS = [Cycle, Sheet, SheetChange, Indicator, IndicatorValue]

VERIFIED_FY = 2021
FOLLOW_UP_FY = 2022
# The demo planning admin (shisaku.demo.data.USERS) starts FY2022 and writes the follow-ups.
PLANNING_USER = "kikaku"


class _VerificationLoader(_Loader):
    def upsert_clean(self, model, lookup: dict, values: dict, *, on_create: dict | None = None,
                     exclude=("author",)):
        """Like ``upsert``; `on_create` values are set only on a new row, and the nullable
        author fields (null=True without blank=True) are left out of ``full_clean()``."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(on_create or {}))
            obj.full_clean(exclude=list(exclude))
            obj.save()
            self.created[_label(model)] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.full_clean(exclude=list(exclude))
            obj.save(update_fields=changed)
        return obj

    # --- prerequisites -------------------------------------------------------------------------

    @staticmethod
    def cycle_2021() -> Cycle:
        cycle = Cycle.objects.filter(fiscal_year=VERIFIED_FY).first()
        if cycle is None:
            raise ValidationError(
                "令和3年度の年度サイクルがありません。先にデモの事業シートを読み込んでください。")
        return cycle

    @staticmethod
    def article(number: int) -> Article:
        found = list(Article.objects.filter(ordinance__title=data.ORDINANCE["title"],
                                            number=number)[:1])
        if not found:
            raise ValidationError(
                f"{format_article(number)}がありません。先にデモデータ（load_demo）を読み込んでください。")
        return found[0]

    @staticmethod
    def sheet(cycle: Cycle, project_name: str) -> Sheet:
        sheet = (Sheet.objects.filter(cycle=cycle, project__name=project_name, revision=1)
                 .select_related("project").first())
        if sheet is None:
            raise ValidationError(
                f"「{project_name}」の令和3年度の事業シートがありません。"
                "先にデモの事業シートを読み込んでください。")
        return sheet

    # --- steps ---------------------------------------------------------------------------------

    def committees(self) -> dict[str, Committee]:
        committees: dict[str, Committee] = {}
        for spec in vd.COMMITTEES:
            parent = committees[spec["parent"]] if spec["parent"] else None
            committees[spec["name"]] = self.upsert(
                Committee, {"name": spec["name"]},
                {"kind": spec["kind"], "parent": parent, "capacity": spec["capacity"],
                 "order": spec["order"]},
            )
        self.say(f"会議体: {len(committees)}件")
        return committees

    def members(self, committees: dict[str, Committee]) -> dict[str, Member]:
        members = {
            name: self.upsert(Member, {"name": name},
                              {"category": category, "affiliation": affiliation})
            for name, category, affiliation in vd.MEMBERS
        }
        counts = []
        for committee_name, rows in vd.ROSTERS.items():
            committee = committees[committee_name]
            for order, name, role in rows:
                membership = self.upsert(
                    Membership, {"committee": committee, "member": members[name]},
                    {"role": role, "order": order, "term_start": None, "term_end": None},
                )
                academic_first = 0 if members[name].category == vd.ACADEMIC else 1
                if membership.category_order != academic_first:
                    membership.save()  # a member's category changed: recompute the order
            counts.append(f"{committee_name} {len(rows)}人")
        self.say(f"委員: {len(members)}人（{'、'.join(counts)}、{vd.ROSTER_AS_OF[0]}年"
                 f"{vd.ROSTER_AS_OF[1]}月現在）")
        return members

    def link_demo_user(self, members: dict[str, Member]) -> None:
        """DEMO ONLY: the council-member login writes opinions as the linked member."""
        user = User.objects.filter(username=vd.LINKED_USER).first()
        member = members[vd.LINKED_MEMBER]
        if user is None:
            self.say(f"デモ利用者「{vd.LINKED_USER}」がないため、委員との紐付けは省略しました。")
            return
        if member.user_id == user.pk:
            return
        if member.user_id is not None or Member.objects.filter(user=user).exists():
            self.say(f"デモ利用者「{vd.LINKED_USER}」は別の委員と紐付いているため、変更しません。")
            return
        member.user = user
        member.full_clean()
        member.save(update_fields=["user"])
        self.say(f"デモ利用者「{vd.LINKED_USER}」を委員「{member.name}」に紐付けました（デモ用）。")

    def meetings(self, cycle: Cycle, committees: dict[str, Committee]) -> None:
        for spec in vd.MEETINGS:
            self.upsert(
                Meeting,
                {"cycle": cycle, "committee": committees[spec["committee"]],
                 "kind": spec["kind"], "title": spec["title"]},
                {"held_on": None, "summary": spec["summary"]},
            )
        self.say(f"会議: {len(vd.MEETINGS)}件（開催日は資料にないため空欄）")

    def target(self, cycle: Cycle, scope: str, target) -> dict:
        """The natural-key fields of an opinion's target."""
        key = {"cycle": cycle, "scope": scope, "sheet": None, "group": "", "article": None}
        if scope == vd.SHEET:
            key["sheet"] = self.sheet(cycle, target)
        elif scope == vd.GROUP:
            key["group"] = target
        elif scope == vd.ARTICLE:
            key["article"] = self.article(target)
        return key

    @staticmethod
    def section_for(scope: str, target, key: dict):
        """The answering section: the sheet's, or the one section of all the group's projects."""
        if scope == vd.SHEET:
            return key["sheet"].project.section
        if scope == vd.GROUP:
            sections = set(Project.objects.filter(group=target).values_list("section", flat=True))
            if len(sections) == 1 and None not in sections:
                return Project.objects.filter(group=target).first().section
        return None

    def opinions(self, cycle: Cycle, council: Committee) -> dict[tuple, Opinion]:
        opinions: dict[tuple, Opinion] = {}
        for entry in vd.OPINIONS:
            scope, target = entry["scope"], entry["target"]
            key = self.target(cycle, scope, target)
            section = self.section_for(scope, target, key)
            for number, item in enumerate(entry["items"], start=1):
                opinion = self.upsert_clean(
                    Opinion, {**key, "number": number},
                    {"text": item["opinion"], "committee": council},
                )
                self.upsert_clean(
                    Response, {"opinion": opinion},
                    {"text": item["response"], "classification": item["classification"],
                     "section": section, "effective_fy": item["effective_fy"]},
                )
                opinions[(scope, target, number)] = opinion
        self.say(f"検証意見・対応: 各{len(opinions)}件（{len(vd.OPINIONS)}の事業・関連事業・条文）")
        return opinions

    def main_opinions(self, cycle: Cycle, opinions: dict[tuple, Opinion]) -> None:
        count = 0
        for number, lines in vd.MAIN_OPINIONS.items():
            article = self.article(number)
            for order, (text, source) in enumerate(lines, start=1):
                self.upsert(
                    ArticleMainOpinion, {"cycle": cycle, "article": article, "order": order},
                    {"text": text, "opinion": opinions[source] if source else None},
                )
                count += 1
        self.say(f"条文ごとの主な検証意見: {count}件")

    def cycle_2022(self, user) -> Cycle:
        cycle = Cycle.objects.filter(fiscal_year=FOLLOW_UP_FY).first()
        if cycle is not None:
            return cycle
        before = {model: model.objects.count() for model in FY2022_MODELS}
        cycle = start_cycle(FOLLOW_UP_FY, user)
        if user is not None:  # open for entry, so the sections have this year's sheets to fill
            cycle = move_cycle(cycle, Cycle.Status.ENTERING, user)
        for model in FY2022_MODELS:
            self.created[_label(model)] += model.objects.count() - before[model]
        self.say(f"年度サイクル: {cycle}（フォローアップ用に開始）")
        return cycle

    def follow_ups(self, cycle: Cycle, opinions: dict[tuple, Opinion], user) -> None:
        for scope, target, number, status, note in vd.FOLLOW_UPS:
            response = opinions[(scope, target, number)].response
            self.upsert_clean(
                FollowUp, {"response": response},
                {"cycle": cycle, "status": status, "note": note},
                on_create={"author": user},
            )
        self.say(f"フォローアップ: {len(vd.FOLLOW_UPS)}件（{cycle}）")

    def counts_all(self) -> dict[str, int]:
        return {label: count for label, count in (
            (_label(model), self.created[_label(model)])
            for model in VERIFICATION_MODELS + FY2022_MODELS)}


def roster_date() -> date:
    return date(*vd.ROSTER_AS_OF)


def load_demo_verification(stdout=None) -> dict[str, int]:
    """Load committees, rosters, meetings, FY2021 opinions and responses, the main opinions per
    article and the FY2022 follow-ups. Returns created rows per model label."""
    loader = _VerificationLoader(stdout)
    with transaction.atomic():
        cycle = loader.cycle_2021()
        committees = loader.committees()
        members = loader.members(committees)
        loader.link_demo_user(members)
        loader.meetings(cycle, committees)
        opinions = loader.opinions(cycle, committees[vd.COUNCIL])
        loader.main_opinions(cycle, opinions)
        planner = User.objects.filter(username=PLANNING_USER).first()
        next_cycle = loader.cycle_2022(planner)
        loader.follow_ups(next_cycle, opinions, planner)
    return loader.counts_all()


def load_demo_council(stdout=None) -> dict[str, int]:
    """Committees, rosters and the demo council member's login, without any year's record:
    what a second `load-demo` still loads once FY2021 is published."""
    loader = _VerificationLoader(stdout)
    with transaction.atomic():
        committees = loader.committees()
        loader.link_demo_user(loader.members(committees))
    return loader.counts_all()
