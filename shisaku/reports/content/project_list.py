"""The list of measures and projects (図表 中小企業活性化施策一覧: the verified projects with
their pages, then その他の事業 with the ※ lineage notes), and the main opinions per article."""

from dataclasses import dataclass, field

from shisaku.lib.articles import format_article
from shisaku.lib.era import format_fy

from ..data import ReportData, own_article
from ..document import Document, Para, Table
from .lineage_notes import change_note
from .others import OTHERS_LABEL, entry_label, is_printed

HEADER = ("条文", "中小企業活性化施策", "事務事業名", "頁")
WIDTHS = (1.2, 4, 6, 1.4)


@dataclass
class ListRow:
    """One row of the list: a project, or the projects of a group verified together."""

    article: object  # ordinance Article (None: no article set)
    sheets: list = field(default_factory=list)
    group: str = ""  # printed above the members when the row opens its group


def verified_rows(data: ReportData) -> list[ListRow]:
    """The verified projects as the city lists them: the projects of a group share a row
    (and its pages) until one of them has its own 検証意見; a row sits under its first
    project's article, a member of another article carries that article's mark."""
    rows: list[ListRow] = []
    seen_groups: set[str] = set()
    for sheet in data.verified:
        group = sheet.project.group
        own_opinions = bool(data.opinions_by_sheet.get(sheet.pk))
        last = rows[-1] if rows else None
        if (last is not None and group and last.sheets[-1].project.group == group
                and not own_opinions and not data.opinions_by_sheet.get(last.sheets[-1].pk)):
            last.sheets.append(sheet)
            continue
        rows.append(ListRow(data.article_of(sheet), [sheet],
                            group if group and group not in seen_groups else ""))
        if group:
            seen_groups.add(group)
    return rows


def counted_projects(data: ReportData) -> int:
    """The number of verified projects as the report counts them: a group counts once."""
    groups = {s.project.group for s in data.verified if s.project.group}
    return len(groups) + sum(1 for s in data.verified if not s.project.group)


def _article_mark(sheet, row: ListRow, data: ReportData) -> str:
    """（15条）: the project's own article, where its group stands under another one."""
    article = own_article(sheet)
    if article is None or row.article is None or article == row.article:
        return ""
    return f"（{format_article(article.number, 'short')}）"


def _row_text(row: ListRow, data: ReportData) -> str:
    names = [s.project.name + _article_mark(s, row, data) for s in row.sheets]
    return "\n".join(([row.group] if row.group else []) + names)


def _article_cells(article, first: bool) -> tuple[str, str]:
    if not first:
        return "", ""
    if article is None:
        return "—", "条文未設定"
    return format_article(article.number, "short"), article.title


def _verified_table(data: ReportData) -> Table:
    rows, labels = [], []
    by_article: dict = {}
    for row in verified_rows(data):
        by_article.setdefault(row.article, []).append(row)
    articles = list(data.articles) + [a for a in by_article if a not in data.articles]
    for article in articles:
        listed = by_article.get(article, [])
        for index, row in enumerate(listed):
            rows.append(_article_cells(article, index == 0) + (_row_text(row, data), ""))
            # The row's pages start at its first printed sheet; a row whose sheets the
            # year's source lacks (named under their article instead) has no pages.
            printed = [s for s in row.sheets if not s.source_missing]
            labels.append(f"p-{printed[0].project_id}" if printed else "")
        if article is not None and article.is_procurement and data.cycle.verify_procurement:
            rows.append(_article_cells(article, not listed)
                        + ("※本市の調達等の取組として推進するもの\n（入札制度改革の取組状況等）",
                           ""))
            labels.append("art-19")
    # Each range ends on the page before the next row's first page; the last one before
    # the procurement page or the その他の事業 heading, whichever follows.
    tail = "art-19" if data.cycle.verify_procurement and "art-19" not in labels[-1:] else \
        OTHERS_LABEL
    nexts = [next((n for n in labels[i + 1:] if n), tail) for i in range(len(labels))]
    return Table(HEADER, tuple(rows), widths=WIDTHS, numeric=frozenset({3}),
                 caption="検証対象事業", page_refs={3: "row"}, row_labels=tuple(labels),
                 row_next_labels=tuple(nexts))


def lineage_marks(data: ReportData) -> dict[int, tuple[int, str]]:
    """Project id → (※ number, note) for the その他の事業 changed from the next FY on,
    numbered in the list's order."""
    marks: dict[int, tuple[int, str]] = {}
    for sheet in other_order(data):
        note = change_note(sheet.project, data.changes_next)
        if note:
            marks[sheet.project_id] = (len(marks) + 1, note)
    return marks


def other_order(data: ReportData) -> list:
    by_article: dict = {}
    for sheet in data.others:
        by_article.setdefault(data.article_of(sheet), []).append(sheet)
    articles = [a for a in data.articles if a in by_article]
    articles += [a for a in by_article if a not in articles]
    return [s for a in articles for s in by_article[a]]


def _others_table(data: ReportData, marks: dict[int, tuple[int, str]]) -> Table:
    rows, labels, ends = [], [], []
    previous = object()
    for sheet in other_order(data):
        article = data.article_of(sheet)
        mark = marks.get(sheet.project_id)
        name = sheet.project.name + (f"（※{mark[0]}）" if mark else "")
        rows.append(_article_cells(article, article != previous) + (name, ""))
        printed = is_printed(sheet)
        labels.append(entry_label(sheet) if printed else "")
        ends.append(entry_label(sheet) + "-end" if printed else "")
        previous = article
    return Table(HEADER, tuple(rows), widths=WIDTHS, numeric=frozenset({3}),
                 caption="その他の事業", page_refs={3: "row"}, row_labels=tuple(labels),
                 row_end_labels=tuple(ends))


def project_list(doc: Document, data: ReportData) -> None:
    doc.add(Para("図表 中小企業活性化施策一覧", "small"), _verified_table(data))
    if not data.others:
        return
    marks = lineage_marks(data)
    doc.add(_others_table(data, marks))
    if marks:
        doc.add(Para("＜参考＞", "small"),
                Para(f"{format_fy(data.fiscal_year + 1, 'full')}以降の事業の位置付け", "small"))
        for number, note in sorted(marks.values()):
            doc.add(Para(f"※{number} {note}", "small"))


def main_opinions(doc: Document, data: ReportData) -> None:
    rows = []
    for article in data.articles:
        texts = [m.text for m in data.main_opinions.get(article.pk, [])]
        rows.append((format_article(article.number, "short"), article.title, "\n".join(texts) or "—"))
    # The city prints no heading here: a lead line, then the table under its own header.
    doc.add(Para("8つの施策それぞれの実施状況について、産業振興協議会から寄せられた主な意見は"
                 "次の表のとおりです。"),
            Table(("条文", "条例に基づく中小企業活性化施策",
                   "中小企業活性化施策の実施状況に対する主な検証意見"), tuple(rows),
                  widths=(1.2, 3.5, 11)))
    if not any(data.main_opinions.values()):
        doc.warnings.append("条文ごとの主な検証意見が未登録")
