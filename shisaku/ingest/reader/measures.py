"""Section 4 before the sheets: the lists of verified and other projects per article
(with the measures' names), the ※ notes on next year's changes, and the table of the
main opinions per article."""

from __future__ import annotations

import re

from . import registry
from .lineage import resolve_lineage
from .lines import WS, fy_in, key, strip_html
from .model import LineageNote, ListedProject, MainOpinions


class _Status:
    def __init__(self, reading):
        self.reading, self.layout, self.report = reading, reading.layout, reading.report
        self.mode: str | None = None
        self.article: int | None = None
        self.listing: list[ListedProject] | None = None
        self.effective_fy: int | None = None

    def line(self, raw: str, number: int) -> bool:
        """Read one non-blank line; False: it is prose, left for the caller."""
        layout = self.layout
        text = raw.strip()
        compact = key(text)
        if compact in (layout.verified_list_title, layout.other_projects_title):
            verified = compact == layout.verified_list_title
            self.listing = self.report.verified_projects if verified else self.report.other_projects
            self.article, self.mode = None, "list_title"
            return True
        if self.mode == "list_title" and layout.list_header_word in compact:
            self.mode = "list"
            return True
        if self.mode in ("list", "main") and layout.tabbed_lists and "\t" not in raw:
            return False  # a row as a PDF prints it: left unread (see Layout.tabbed_lists)
        starts, holds = layout.main_opinions_header
        if compact.startswith(starts) and holds in compact:
            self.mode = "main"
            return True
        if self.mode == "list" and self.listing is not None:
            self.article = list_row(self.reading, raw, self.article, self.listing, number)
            return True
        if self.mode == "main":
            main_row(self.reading, raw, number)
            return True
        if compact in layout.notes_titles:
            self.mode = "notes"
            return True
        if self.mode == "notes":
            if self._note(text, number):
                return True
            self.mode = None
        return False

    def _note(self, text: str, number: int) -> bool:
        layout = self.layout
        if self.effective_fy is None:
            self.effective_fy = fy_in(text)
        match = layout.lineage_note.match(text)
        if match:
            self.report.lineage_notes.append(
                LineageNote(mark=int(match.group("n")), text=match.group("text").strip(),
                            line=number))
            return True
        return text.startswith(layout.notes_skipped_starts) or any(
            word in text for word in layout.notes_skipped)


@registry.region("status")
def read_status(reading, indexes: list[int]) -> list[int]:
    rest: list[int] = []
    status = _Status(reading)
    for index in indexes:
        raw = reading.lines[index]
        if not raw.strip():
            if status.mode in ("main", "list"):
                status.mode = None
            rest.append(index)
        elif not status.line(raw, index + 1):
            rest.append(index)
    resolve_lineage(reading, status.effective_fy)
    return rest


def _row_cells(reading, raw: str, article: int | None) -> tuple[list[str], str, int | None]:
    """The names in a list's row, its pages, and its article (a row may open one)."""
    layout, report = reading.layout, reading.report
    names = []
    pages = ""
    for cell in (c.strip() for c in raw.split("\t")):
        if not cell:
            continue
        compact = key(cell)
        match = layout.article_cell.match(compact)
        if match:
            article = int(match.group("n"))
        elif layout.pages_cell.match(compact):
            pages = compact
        elif any(cell == m for m in report.measures.values()) or cell in layout.measure_words:
            if article is not None:
                report.measures.setdefault(article, cell)
        else:
            names.append(cell)
    return names, pages, article


def list_row(reading, raw: str, article: int | None, listing: list[ListedProject],
             number: int) -> int | None:
    layout, report = reading.layout, reading.report
    names, pages, article = _row_cells(reading, raw, article)
    if not names:
        return article
    joined = " ".join(names)
    verified = listing is report.verified_projects
    if verified and (joined.startswith(layout.procurement_title)
                     or layout.own_procurement_note in joined):
        return article
    parts = [p for p in WS.split(joined) if p]
    if verified and len(parts) >= 2:
        listing.extend(_group_members(layout, parts, article, number, pages))
        return article
    for part in (parts if verified else [joined]):
        mark = None
        match = layout.lineage_mark.search(part)
        if match:
            mark = int(match.group("n"))
            part = (part[: match.start()] + part[match.end():]).strip()
        listing.append(ListedProject(name=part, article=article, line=number, mark=mark,
                                     pages=pages))
    return article


def _group_members(layout, parts: list[str], article: int | None, number: int,
                   pages: str) -> list[ListedProject]:
    """A verified row "<group> <project> <project> …": the projects, numbered in order."""
    group, members = parts[0], parts[1:]
    entries = []
    for position, part in enumerate(members, start=1):
        own = article
        match = layout.own_article.search(part)
        if match:
            own, part = int(match.group(1)), part[: match.start()]
        entries.append(ListedProject(name=part, article=own, line=number, group=group,
                                     position=position if len(members) > 1 else None,
                                     pages=pages))
    return entries


def main_row(reading, raw: str, number: int) -> None:
    row = [c.strip() for c in raw.split("\t")]
    match = reading.layout.article_cell.match(key(row[0])) if row else None
    if not match or len(row) < 3:
        reading.warn(number, f"条文ごとの主な検証意見の行「{raw.strip()[:40]}」を読み取れません。")
        return
    article = int(match.group("n"))
    measure = row[1]
    reading.report.measures.setdefault(article, measure)
    body = "\t".join(row[2:])
    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", body, flags=re.S | re.I)
    if not paragraphs:
        paragraphs = [body]
    opinions = [strip_html(p) for p in paragraphs]
    reading.report.main_opinions.append(
        MainOpinions(article=article, measure=measure,
                     opinions=[o for o in opinions if o], line=number))
