"""The council's side: the main opinions per article, the その他の事業 summaries, the
rosters and the ordinance's text."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from shisaku.lib.articles import format_article
from shisaku.projects.models import Project
from shisaku.sheets.models import Cycle
from shisaku.verification import printed as verification_printed
from shisaku.verification.models import (
    ArticleMainOpinion,
    Committee,
    Member,
    Membership,
)

from .. import reader as rp


class _Council:
    """Methods of the importer's writer (report_import._Writer)."""

    def _main_opinions(self) -> None:
        for main in self.report.main_opinions:
            article = self._article(main.article, main.line)
            if article is None:
                continue
            if self.cycle.is_published:
                # A published year is only compared: the printed record must read the same.
                stored = list(ArticleMainOpinion.objects.filter(cycle=self.cycle, article=article)
                              .order_by("order", "pk").values_list("text", flat=True))
                if stored == main.opinions:
                    self.result.unchanged["main_opinion"] += len(stored)
                    continue
                self.result.skipped["main_opinion"] += len(main.opinions)
                self.warn(main.line, f"{format_article(main.article)}の主な検証意見は公表済のため上書きしません。")
                continue
            self._count(verification_printed.record_printed_main_opinions(
                self.cycle, self.user, article=article, texts=main.opinions))

    def _summary(self, entry: rp.OtherEntry, project: Project | None) -> None:
        if project is None:
            return
        project = self._in_year(project, entry.merged_from, entry.line)
        if project.pk in self.done_projects:
            self.warn(entry.line, f"その他の事業「{entry.project}」は「{project.name}」のシートとして既に"
                                  "登録したため読み飛ばしました。")
            return
        self.done_projects.add(project.pk)
        existing = self.sheets.get(project.pk)
        if existing is not None and existing.verified:
            self.warn(entry.line, f"「{project.name}」は検証対象のシートがあるため、その他の事業の欄は"
                                  "取り込みません。")
            return
        self._write_sheet(project, {"verified": False, "summary_next": entry.next_overview,
                                    "summary_results": entry.results}, entry.line, "summary")

    def _rosters(self) -> None:
        if not self.report.rosters:
            return
        council = None
        for roster in sorted(self.report.rosters, key=lambda r: r.kind != "council"):
            committee = Committee.objects.filter(name=roster.committee[:200]).order_by("pk").first()
            if committee is None:
                parent = None
                if roster.kind == "subcommittee":
                    parent = council or Committee.objects.filter(
                        kind=Committee.Kind.COUNCIL).order_by("order", "pk").first()
                    if parent is None:
                        self.warn(roster.line, f"「{roster.committee}」の親となる協議会がないため、"
                                               "名簿を登録できません。")
                        continue
                committee = Committee.objects.create(
                    name=roster.committee[:200], parent=parent,
                    kind=Committee.Kind.SUBCOMMITTEE if parent else Committee.Kind.COUNCIL,
                    order=Committee.objects.count() + 1)
                self.result.created["committee"] += 1
            else:
                self.result.unchanged["committee"] += 1
            if committee.kind == Committee.Kind.COUNCIL:
                council = committee
            for person in roster.members:
                self._membership(committee, person, roster.line)
        self.warn(self.report.rosters[0].line, "名簿の任期は報告書に印刷されていないため空欄にしました"
                                               f"（名簿は{self.report.rosters[0].as_of or '基準日不明'}現在）。")

    def _membership(self, committee: Committee, person: rp.RosterMember, line: int) -> None:
        name = re.sub(r"\s+", " ", person.name).strip()[:100]
        category = (Member.Category.ACADEMIC if "学識" in person.category
                    else Member.Category.ORGANISATION)
        member = Member.objects.filter(name=name).order_by("pk").first()
        if member is None:
            member = Member.objects.create(name=name, category=category,
                                           affiliation=person.title[:200])
            self.result.created["member"] += 1
        else:
            self.result.unchanged["member"] += 1
        role = person.role if person.role in Membership.Role.values else Membership.Role.MEMBER
        membership = (Membership.objects.filter(committee=committee, member=member)
                      .order_by("pk").first())
        if membership is None:
            Membership.objects.create(committee=committee, member=member, role=role,
                                      order=person.number)
            self.result.created["membership"] += 1
        elif (membership.role, membership.order) != (role, person.number):
            membership.role, membership.order = role, person.number
            membership.save()
            self.result.updated["membership"] += 1
        else:
            self.result.unchanged["membership"] += 1

    def _ordinance_text(self) -> None:
        """The ordinance printed as the appendix, through the ordinance service: the city's
        own text replaces a summary (the demo's); a structure the service refuses is a
        warning, the rest of the report is still imported. A published year's import only
        compares: the ordinance is not part of the year and is left as it is."""
        from shisaku.ordinance.services import save_ordinance

        text = getattr(self.report, "ordinance_text", None)
        if text is None:
            return
        for line, message in text.warnings:
            self.warn(line, f"（参考）条例: {message}")
        if self.cycle.status == Cycle.Status.PUBLISHED:
            return
        try:
            with transaction.atomic():
                result = save_ordinance(text, self.user, summarised=False,
                                        check_access=self.user is not None)
        except ValidationError as exc:
            self.warn(text.line, "（参考）条例の本文を登録しませんでした（"
                                 + "; ".join(exc.messages)[:200] + "）。")
            return
        created = result.created_by_model
        self.result.created["ordinance"] += created["ordinance.Ordinance"]
        self.result.created["article"] += created["ordinance.Article"]
        updated = result.counts["updated"]
        if updated:
            self.result.updated["article"] += updated
        self.result.unchanged["article"] += result.counts["unchanged"]
