"""Word fields (PAGE, TOC) and the table of contents written out inside the TOC field.

The entries carry PAGEREF fields with page numbers estimated from the text, so the contents
show in Word and LibreOffice before anyone updates them; Word's update replaces them.
"""

import math

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .docx_styles import LEVEL_STYLES, TOC_LEVELS
from .docx_tables import _usable_width


def _field(paragraph, instruction: str) -> None:
    """A Word field (TOC, PAGE): Word fills it in when the document is opened or printed."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
            if tag == "begin":
                element.set(qn("w:dirty"), "true")
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# --- table of contents -----------------------------------------------------------------------

TOC_FIELD = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'

LINE_CM = 0.62  # a 10pt line with its spacing
ROW_LINE_CM, ROW_PAD_CM = 0.55, 0.1  # a line in a table cell, a row's padding
CHAR_CM = 0.36  # a full-width character at 10pt
BODY_CM = 25.5  # the text height of an A4 page with the report's margins


def _fill_toc(word) -> None:
    """Write the table of contents out inside the TOC field's result.

    Each entry is the heading's text, a dotted tab and a PAGEREF field to a bookmark on the
    heading; the field's result is the page estimated here. LibreOffice computes PAGEREF
    when it lays the document out, Word when it updates the fields (it asks on opening: the
    field is marked dirty), and its update replaces the whole contents with its own.
    """
    body = word.element.body
    placeholder = next((p for p in body.iter(qn("w:p"))
                        if any(TOC_FIELD in (t.text or "") for t in p.iter(qn("w:instrText")))),
                       None)
    if placeholder is None:
        return
    entries = _headings_with_pages(word, placeholder)
    tab = int(_usable_width(word) // 635)
    anchor = placeholder
    for index, (level, text, page, bookmark) in enumerate(entries):
        p = _toc_entry(word, level, text, page, bookmark, tab,
                       first=index == 0, last=index == len(entries) - 1)
        anchor.addnext(p)
        anchor = p
    if entries:
        body.remove(placeholder)


def _outline_of(word, p) -> int | None:
    ppr = p.pPr
    if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
        return int(ppr.find(qn("w:outlineLvl")).get(qn("w:val")))
    if ppr is None or ppr.pStyle is None:
        return None
    levels = {word.styles[name].style_id: level - 1
              for level, (name, _base, _size) in LEVEL_STYLES.items()}
    return levels.get(ppr.pStyle.val)


def _headings_with_pages(word, placeholder) -> list[tuple[int, str, int, str]]:
    """(level, text, estimated page, bookmark) of every heading the contents lists."""
    entries = []
    page, used = 1, 0.0
    after_toc = False
    widths = None
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            widths = [int(g.get(qn("w:w"))) / 567 for g in element.iter(qn("w:gridCol"))]
            for tr in element.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in tc.iter(qn("w:t")))
                         for tc in tr.iter(qn("w:tc"))]
                used += ROW_LINE_CM * max(
                    [_lines(text, (widths[i] if i < len(widths) else 3) - 0.4)
                     for i, text in enumerate(cells)] or [1]) + ROW_PAD_CM
            page, used = page + int(used // BODY_CM), used % BODY_CM
            continue
        if element.tag != qn("w:p"):
            continue
        if element is placeholder:
            after_toc = True
            continue
        if any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br"))):
            page, used = page + 1, 0.0
            continue
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        level = _outline_of(word, element)
        for extent in element.iter(qn("wp:extent")):
            used += int(extent.get("cy")) / 360000
        used += LINE_CM * (_lines(text, 17) if level is None else 2.2)
        if used > BODY_CM:
            page, used = page + int(used // BODY_CM), used % BODY_CM
        if after_toc and level is not None and level < TOC_LEVELS and text:
            bookmark = f"_Toc{len(entries) + 1:06d}"
            _bookmark(element, bookmark, len(entries) + 1)
            entries.append((level + 1, text, page, bookmark))
        ppr = element.pPr
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            page, used = page + 1, 0.0
    return entries


def _lines(text: str, width_cm: float) -> int:
    """Lines a text takes in a column this wide: a half-width character is half a full one."""
    per_line = max(1, int(width_cm / CHAR_CM))
    return sum(max(1, math.ceil(sum(1 if ord(c) > 0x2000 else 0.55 for c in line) / per_line))
               for line in (text or " ").split("\n"))


def _bookmark(p, name: str, number: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    runs = p.findall(qn("w:r"))
    if runs:
        runs[0].addprevious(start)
        runs[-1].addnext(end)
    else:
        p.append(start)
        p.append(end)


def _run(*children):
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _char(tag: str, **attrs):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _text(tag: str, text: str):
    element = OxmlElement(tag)
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def _toc_entry(word, level, text, page, bookmark, tab_twips, first, last):
    p = OxmlElement("w:p")
    ppr = p.get_or_add_pPr()
    ppr.get_or_add_pStyle().set(qn("w:val"), word.styles[f"toc {level}"].style_id)
    tabs = OxmlElement("w:tabs")
    tabs.append(_char("w:tab", val="right", leader="dot", pos=str(tab_twips)))
    ppr.append(tabs)
    if first:  # the TOC field opens before the first entry
        p.append(_run(_char("w:fldChar", fldCharType="begin", dirty="true")))
        p.append(_run(_text("w:instrText", f" {TOC_FIELD} ")))
        p.append(_run(_char("w:fldChar", fldCharType="separate")))
    link = _char("w:hyperlink", anchor=bookmark, history="1")
    link.append(_run(_text("w:t", text)))
    link.append(_run(OxmlElement("w:tab")))
    link.append(_run(_char("w:fldChar", fldCharType="begin")))
    link.append(_run(_text("w:instrText", f" PAGEREF {bookmark} \\h ")))
    link.append(_run(_char("w:fldChar", fldCharType="separate")))
    link.append(_run(_text("w:t", str(page))))
    link.append(_run(_char("w:fldChar", fldCharType="end")))
    p.append(link)
    if last:  # and closes after the last one
        p.append(_run(_char("w:fldChar", fldCharType="end")))
    return p
