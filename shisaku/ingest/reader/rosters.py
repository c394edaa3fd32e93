"""The rosters of the council and its subcommittee (検証体制): a title with the date,
then one row per member (number, title with the role in parentheses, name)."""

from __future__ import annotations

import re

from shisaku.lib.era import parse_date
from shisaku.lib.textnorm import normalize_ascii

from . import registry
from .lines import WS, key
from .model import Roster, RosterMember

_NUMBER = re.compile(r"\d{1,3}")


@registry.region("system")
def read_rosters(reading, indexes: list[int]) -> list[int]:
    layout, report = reading.layout, reading.report
    rest = []
    roster: Roster | None = None
    category = ""
    for index in indexes:
        raw = reading.lines[index]
        text = raw.strip()
        match = layout.roster_title.search(WS.sub("", text))
        if match:
            roster = _roster(reading, match, index)
            category = ""
            continue
        if roster is not None and "\t" in raw.strip("\n "):
            if layout.roster_header_word in key(raw):
                continue
            member = _member(reading.layout, [c.strip() for c in raw.split("\t")], category)
            if member is None:
                reading.warn(index + 1, f"名簿の行「{text[:40]}」を読み取れません。")
                continue
            category = member.category
            roster.members.append(member)
            continue
        if roster is not None and text and roster.members:
            roster = None
        rest.append(index)
    for r in report.rosters:
        if not r.members:
            reading.warn(r.line, f"「{r.committee}」の名簿に委員の行がありません。")
    return rest


def _roster(reading, match: re.Match, index: int) -> Roster:
    name = match.group("name")
    kind = "subcommittee" if reading.layout.subcommittee_word in name else "council"
    roster = Roster(committee=name, kind=kind, line=index + 1)
    try:
        day = parse_date(match.group("asof"))
        roster.as_of = f"{day.year}-{day.month:02d}"
    except ValueError:
        reading.warn(index + 1, f"名簿の基準日「{match.group('asof')}」を読み取れません。")
    reading.report.rosters.append(roster)
    return roster


def _member(layout, row: list[str], category: str) -> RosterMember | None:
    number_at = next((i for i, c in enumerate(row) if _NUMBER.fullmatch(key(c))), None)
    if number_at is None or number_at + 2 >= len(row):
        return None
    before = [c for c in row[:number_at] if c]
    if before:
        category = key(before[-1])
    title, name = row[number_at + 1], row[number_at + 2]
    if not title or not name:
        return None
    role = "member"
    folded = normalize_ascii(title)
    for word, code in layout.role_marks:
        mark = re.search(rf"\(\s*{re.escape(word)}\s*\)\s*$", folded)
        if mark:
            role = code
            title = title[: len(title) - (len(folded) - mark.start())].strip()
            break
    return RosterMember(number=int(key(row[number_at])), category=category or "",
                        title=title[:200], name=WS.sub(" ", name)[:100], role=role)
