"""The city's report profile as the document builders read it.

`current()` is the stored profile, or Kawasaki's (the model city) when none is stored yet;
`shows("ratings")` answers one question about optional content for any builder (the
summary and the press release call it too). Writes go through `reports.services`.
"""

import re
from dataclasses import dataclass

from shisaku.lib.era import format_fy

from .models import ReportProfile, ReportSection

Key = ReportSection.Key

# Kawasaki's report (FY2021, seed 002): key, heading, numbered. "{年度}" is the report's FY.
KAWASAKI_SECTIONS: tuple[tuple[str, str, bool], ...] = (
    (Key.INTRODUCTION, "はじめに", True),
    (Key.STATISTICS, "市内産業の現状", True),
    (Key.COUNCIL, "中小企業活性化施策の検証体制等", True),
    (Key.IMPLEMENTATION, "{年度}中小企業活性化施策の実施状況", True),
    # The appendix prints the ordinance's own title as its heading, unnumbered.
    (Key.APPENDIX, "", False),
)
KAWASAKI_NAME = "川崎市（モデル市）の報告書"
FY_PLACEHOLDER = "{年度}"


@dataclass(frozen=True)
class PlannedSection:
    """A section as the full report prints it: its key and its heading, numbered or not."""

    key: str
    heading: str


def kawasaki_profile() -> ReportProfile:
    """The default, unsaved: Kawasaki's structure, no optional content."""
    return ReportProfile(name=KAWASAKI_NAME, number_headings=True, show_achievement=False,
                         show_rating_chart=False, check_action_side_by_side=False)


def kawasaki_sections(profile: ReportProfile | None = None) -> list[ReportSection]:
    return [ReportSection(profile=profile, key=key, position=index, heading=heading,
                          shown=True, numbered=numbered)
            for index, (key, heading, numbered) in enumerate(KAWASAKI_SECTIONS, 1)]


def current() -> ReportProfile:
    stored = ReportProfile.objects.prefetch_related("sections").order_by("pk").first()
    return stored if stored is not None else kawasaki_profile()


def shows(what: str, profile: ReportProfile | None = None) -> bool:
    """Whether the city's report carries `what`: "ratings" (rating charts), "achievement"
    (achievement and rating rows under each indicator), "side_by_side" (Check and Action in
    one table), "numbering" (numbered headings)."""
    return (profile or current()).shows(what)


def sections(profile: ReportProfile) -> list[ReportSection]:
    """Every section in the profile's order; a section the stored profile lacks (added to
    Shisaku later) takes Kawasaki's place and heading."""
    draft = getattr(profile, "draft_sections", None)  # a form's unsaved sections (preview)
    if draft is not None:
        stored = {s.key: s for s in draft}
    else:
        stored = {s.key: s for s in profile.sections.all()} if profile.pk else {}
    defaults = kawasaki_sections(profile)
    listed = [stored.get(d.key, d) for d in defaults]
    return sorted(listed, key=lambda s: (s.position, [d.key for d in defaults].index(s.key)))


def plan(profile: ReportProfile, fiscal_year: int) -> list[PlannedSection]:
    """The shown sections in order, with their printed headings ("1　はじめに")."""
    planned, number = [], 0
    for section in sections(profile):
        if not section.shown:
            continue
        heading = section.heading.replace(FY_PLACEHOLDER, format_fy(fiscal_year))
        if heading and section.numbered and profile.number_headings:
            number += 1
            heading = f"{number}　{heading}"
        planned.append(PlannedSection(section.key, heading))
    return planned


def numbered_subheading(profile: ReportProfile, index: int, text: str) -> str:
    """A numbered part inside a chapter: "(1) 産業構造" (the contents list prints these). A
    number the section's builder gave (statistics number their own parts) yields to the
    profile's: numbered as the profile says, or not at all."""
    text = re.sub(r"^\(\d+\)\s*", "", text)
    return f"({index}) {text}" if profile.number_headings else text
