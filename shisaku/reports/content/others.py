"""その他の事業: the projects not verified this year, grouped by article, each as the city
prints it: the project's name, a ※ note on its lineage, then two columns side by side
(next year's overview | this year's results) with their bullets and small tables."""

from collections import defaultdict

from shisaku.lib import richtext
from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy
from shisaku.sheets import sections

from ..data import ReportData
from ..document import Columns, Document, Heading, Para
from .lineage_notes import change_note

OTHERS_LABEL = "others"


def entry_label(sheet) -> str:
    return f"o-{sheet.project_id}"


def is_printed(sheet) -> bool:
    """An entry is printed when its section wrote either column."""
    return bool(sheet.summary_next.strip() or sheet.summary_results.strip())


def lineage_line(sheet, data: ReportData) -> str:
    """The ※ line under the entry's name: what becomes of it, or what joins it, next FY."""
    next_fy = format_fy(data.fiscal_year + 1, "era")
    note = change_note(sheet.project, data.changes_next)
    if note:
        return f"※{next_fy}から{note}"
    joined = [p.name for c in data.changes_next if sheet.project in c.successors
              for p in c.predecessors]
    if joined:
        return f"※{'、'.join(joined)}は、{next_fy}から本事業に統合"
    return ""


def other_projects(doc: Document, data: ReportData) -> None:
    fy = data.fiscal_year
    # The measures other projects can serve: every one but art. 19's (the city's procurement,
    # which has no projects of its own) — 「その他の事業（第12条から第18条）」.
    numbers = [a.number for a in data.articles if not a.is_procurement]
    span = (f"（{format_article(min(numbers))}から{format_article(max(numbers))}）"
            if numbers else "")
    doc.add(Heading(f"その他の事業{span}", level=2, page_break=True, label=OTHERS_LABEL))
    printed = [s for s in data.others if is_printed(s)]
    for sheet in data.others:
        if not is_printed(sheet):
            doc.warnings.append(f"その他の事業「{sheet.project.name}」の概要・実績が未記入")
    if not printed:
        doc.add(Para("該当する事業はありません。", "note"))
        return
    by_article = defaultdict(list)
    for sheet in printed:
        by_article[data.article_of(sheet)].append(sheet)
    header = (sections.heading("summary_next", fy), sections.heading("summary_results", fy))
    for article in [a for a in data.articles if a in by_article] + (
            [None] if None in by_article else []):
        title = f"{format_article(article.number, 'short')} {article.title}" if article else "条文未設定"
        doc.add(Heading(title, level=3, in_toc=False))
        for sheet in by_article[article]:
            doc.add(Heading(sheet.project.name, level=4, in_toc=False,
                            label=entry_label(sheet)))
            note = lineage_line(sheet, data)
            if note:
                doc.add(Para(note, "small"))
            doc.add(Columns(header, (tuple(richtext.parse_stored(sheet.summary_next)),
                                     tuple(richtext.parse_stored(sheet.summary_results))),
                            end_label=f"{entry_label(sheet)}-end"))
