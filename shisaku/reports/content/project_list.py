"""The list of measures and verified projects, and the main opinions per article."""

from ..data import ReportData
from ..document import Document, Heading, Table


def project_list(doc: Document, data: ReportData) -> None:
    rows, labels = [], []
    for article in data.articles:
        sheets = [s for s in data.verified if data.article_of(s) == article]
        if article.number == 19 and data.cycle.verify_procurement:
            rows.append((f"{article.number}条", article.title, "本市の調達等の取組", ""))
            labels.append("art-19")
        for index, sheet in enumerate(sheets):
            rows.append((f"{article.number}条" if index == 0 else "",
                         article.title if index == 0 else "", sheet.project.heading, ""))
            labels.append(f"p-{sheet.project_id}")
    doc.add(Table(("条文", "中小企業活性化施策", "検証対象事業", "頁"), tuple(rows),
                  widths=(1.2, 4, 6, 1), numeric=frozenset({3}), caption="図表 中小企業活性化施策一覧",
                  page_refs={3: "row"}, row_labels=tuple(labels)))

def main_opinions(doc: Document, data: ReportData) -> None:
    rows = []
    for article in data.articles:
        texts = [m.text for m in data.main_opinions.get(article.pk, [])]
        rows.append((f"{article.number}条", article.title, "\n".join(texts) or "—"))
    doc.add(Heading("条文ごとの主な検証意見", level=2),
            Table(("条文", "中小企業活性化施策", "主な検証意見"), tuple(rows), widths=(1.2, 3.5, 11)))
    if not any(data.main_opinions.values()):
        doc.warnings.append("条文ごとの主な検証意見が未登録")
