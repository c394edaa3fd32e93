"""The result of a public comment (意見公募手続の結果) as a document: the draft consulted on,
the period, the number of opinions by category and by how they were reflected, then each
opinion's summary with the city's view, chapter by chapter. Built from the public result
only (consultation/result.py): no sender's name, address or own wording."""

from shisaku.lib.era import format_date

from ..document import Document, Heading, Para, Table


def build_consultation_result(result, city=None) -> Document:
    c = result.consultation
    doc = Document(title=f"「{c.title}」に対する意見募集の結果について", kind="consultation",
                   fiscal_year=c.program.first_fy, header="意見公募手続の結果")
    if c.published_on:
        doc.add(Para(format_date(c.published_on), "right"))
    if city is not None:
        doc.add(Para(f"{city.city_name} {city.bureau_name}", "right"))
    doc.add(Heading(doc.title, level=1, in_toc=False),
            Para(f"{c.program.name}の素案について、市民・事業者の皆様から意見を募集しました。"
                 "寄せられた意見の要旨と、それに対する市の考え方を公表します。", "lead"))
    doc.add(Heading("1 概要", level=2),
            Table(header=None, rows=(("件名", c.title), ("対象", c.program.name),
                                     ("募集期間", c.period_text),
                                     ("意見の件数", f"{result.total}件")),
                  widths=(1, 3)))
    doc.add(Heading("2 意見の件数", level=2),
            Table(header=("区分", "件数"),
                  rows=tuple((label, f"{n}件") for label, n in result.by_category)
                  + (("合計", f"{result.total}件"),),
                  widths=(3, 1), numeric=frozenset({1}), caption="寄せられた意見の区分"),
            Table(header=("記号", "市の考え方の区分", "件数"),
                  rows=tuple((code, label, f"{n}件") for code, label, n in result.by_class),
                  widths=(1, 6, 1.5), numeric=frozenset({2}), caption="意見への対応の区分"))
    doc.add(Heading("3 意見の要旨と市の考え方", level=2))
    for group in result.chapters:
        doc.add(Heading(group.title, level=3),
                Table(header=("番号", "意見の要旨", "市の考え方", "区分"),
                      rows=tuple((str(o.number), o.summary, o.view, o.view_code)
                                 for o in group.opinions),
                      widths=(0.7, 5, 5, 0.8), numeric=frozenset({0})))
    if city is not None and city.planning_division:
        doc.add(Para(f"問合せ先: {city.bureau_name} {city.planning_division}"
                     + (f" 電話 {city.phone}" if city.phone else ""), "note"))
    return doc
