"""The ordinance printed as the report's appendix: 前文, the parts (区分) as the city labels
them, each article with its caption, 第N条, numbered paragraphs and items on their own lines,
and 附則. When the stored text is a summary (the demo), the heading and a note say so."""

from shisaku.ordinance.structure import SUMMARY_MARK

from ..data import ReportData
from ..document import Document, Heading, Para

SUMMARY_NOTE = ("この参考資料の条文は、条例の構成（前文・条・見出し・項・号・附則）に沿って内容を"
                "短くまとめた要約です。条例の正式な本文は、市の例規集をご覧ください。")


def article_lines(article) -> list[Para]:
    """(見出し), then 第N条 with its first paragraph, each further paragraph and item."""
    out = [Para(f"（{article.title}）", "small")]
    paragraphs = article.paragraphs
    if not paragraphs:
        return [*out, Para(article.label, "body")]
    for paragraph in paragraphs:
        lead = article.label if paragraph.number == 1 else paragraph.label
        out.append(Para(f"{lead}　{paragraph.text}", "body"))
        out.extend(Para(f"　{item.label}　{item.text}", "body") for item in paragraph.items)
    return out


def appendix(doc: Document, data: ReportData) -> None:
    ordinance = data.ordinance
    if ordinance is None:
        return
    mark = SUMMARY_MARK if ordinance.summarised else ""
    doc.add(Heading(f"（参考）{ordinance.title}{mark}", level=1, page_break=True))
    if ordinance.summarised:
        doc.add(Para(SUMMARY_NOTE, "note"))
    preamble = ordinance.preamble_paragraphs
    if preamble:
        doc.add(Heading("前文", level=2, in_toc=False))
        doc.add(*(Para(f"　{text}", "body") for text in preamble))
    part = None
    for article in ordinance.articles.all():
        if article.part and article.part != part:
            part = article.part
            doc.add(Heading(part, level=2, in_toc=False))
        doc.add(*article_lines(article))
    if ordinance.supplementary:
        doc.add(Heading("附則", level=2, in_toc=False),
                Para(f"　{ordinance.supplementary}", "body"))
