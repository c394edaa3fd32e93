"""Shisaku's own report as a layout: the 実施状況報告書 that ``shisaku/reports`` builds.

It prints the city's sheet headings (Kawasaki's layout holds them) and the chapters of the
city's report profile, with what typesetting adds: a mark before a sheet's headings (■ in
the PDF), the report's title and the page number on every page, the articles' headings
(第12条 …) above their sheets, the procurement page under its article's heading. The words
come from the caller (``report_import.layouts`` reads them from the report profile): this
module holds no city's wording and imports no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from shisaku.lib.articles import format_article

from . import registry
from .layout import FY_TOKEN, KAWASAKI, Layout

# The report profile's section keys → the reader's region kinds.
REGION_KINDS = {"introduction": "intro", "statistics": "statistics", "council": "system",
                "implementation": "status", "appendix": "appendix"}
ARTICLE = "article"  # the heading kind of an article's heading above its sheets


def own_layout(*, title: str, chapters: Sequence[tuple[str, str]],
               heading_mark: str, fy_placeholder: str, base: Layout = KAWASAKI) -> Layout:
    """The layout of the report Shisaku prints with `base`'s sheet headings.

    `title`: the report's title (printed after the fiscal year at the top of every page);
    `chapters`: (profile key, heading) in order, a heading holding `fy_placeholder` where
    the fiscal year goes (a chapter may be printed numbered, "1 はじめに", or not);
    `heading_mark`: the mark the PDF prints before a sheet's headings.
    """
    mark = re.escape(heading_mark)
    headings = dict(base.headings)
    headings.update({heading_mark + key: kind for key, kind in base.headings.items()})
    patterns = tuple((re.compile(f"^(?:{mark})?" + pattern.pattern.removeprefix("^")), kind)
                     for pattern, kind in base.heading_patterns)
    # A group's Check and Action, after its last sheet: "主な検証意見 Check（工業振興関連事業）"
    group = r"\((?P<group>[^()]{1,60})\)$"
    patterns += tuple((re.compile(f"^(?:{mark})?{re.escape(key)}{group}"), "group_" + kind)
                      for key, kind in base.headings.items() if kind == "check")
    patterns += tuple((re.compile(f"^(?:{mark})?" + pattern.pattern.removeprefix("^")
                                  .removesuffix("$") + group), "group_" + kind)
                      for pattern, kind in base.heading_patterns if kind == "action")
    # 第12条 創業、… as lib.articles prints it (the procurement article's is its page's title)
    before, after = (re.escape(part) for part in format_article(0).split("0"))
    article = re.compile(rf"^{before}(?!{base.procurement_article}{after})(?P<n>\d{{1,2}}){after}"
                         r"(?P<title>[^.…]{2,40})$")
    words, titles = [], []
    for key, heading in chapters:
        kind = REGION_KINDS.get(key)
        if kind is None or not heading or kind == "appendix":
            continue  # the appendix prints the ordinance's title (base.appendix)
        parts = [re.escape(p.strip()) for p in heading.split(fy_placeholder)]
        titles.append(r"\s*(?:\S.{0,20}?年度)?\s*".join(parts))
        words.append((max(heading.split(fy_placeholder), key=len).strip(), kind))
    return replace(
        base,
        name=f"Shisaku {title}",
        title_word=title,
        headings=headings,
        heading_patterns=(*patterns, (article, ARTICLE)),
        region_heading=re.compile(rf"^(?:(?P<n>[1-9])\s+)?(?P<title>(?:{'|'.join(titles)}))$"),
        region_titles=tuple(words),
        # the contents list prints the appendix's title too, with its page after dots
        appendix=re.compile(base.appendix.pattern + r"[^.…]*$"),
        tabbed_lists=True,
        # "その他の事業（第12条から第18条）"
        other_projects_heading=re.compile(re.escape(base.other_projects_title) + r"\(.+\)"),
        pages_cell=re.compile(r"^(?:\d+(?:[-－~～‐]\d+)?|→)$"),  # → : the HTML's link
        page_lines=(re.compile(rf"(?:{FY_TOKEN})\s*{re.escape(title)}"),
                    re.compile(r"[–—-]\s*\d{1,3}\s*[–—-]")),
        procurement_headings=(f"{format_article(base.procurement_article)}"
                              f"{base.procurement_title}",),
    )


@registry.after
def articles_from_headings(reading) -> None:
    """A sheet the list of verified projects gave no article (a PDF's list is not read,
    see Layout.tabbed_lists) takes the one printed after its name in that list ("…事業
    （15条）": a group member under another article), else its article heading's."""
    starts = [(index, int(match.group("n"))) for index, (kind, match)
              in enumerate(reading.headings) if kind == ARTICLE and match]
    if not starts:
        return  # a layout without article headings
    sheets = [s for s in reading.report.sheets if s.article is None]
    before = min((s.line for s in reading.report.sheets), default=1) - 1
    for sheet in sheets:
        sheet.article = _own_article(reading, sheet.project, before)
        if sheet.article is None:
            above = [n for index, n in starts if index < sheet.line - 1]
            sheet.article = above[-1] if above else None


def _own_article(reading, name: str, before: int) -> int | None:
    for raw in reading.lines[:before]:
        at = raw.find(name)
        if at >= 0:
            match = reading.layout.own_article.match(raw[at + len(name):].strip())
            if match:
                return int(match.group(1))
    return None
