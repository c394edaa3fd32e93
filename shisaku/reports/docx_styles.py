"""Word styles of the report: 游ゴシック everywhere (East Asian attribute included), A4 pages,
and one black paragraph style per level of the report (章・節・項・小見出し) with its outline level.
"""


from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "游ゴシック"  # Windows' standard Japanese gothic; LibreOffice substitutes its own

# The report's own heading levels: (style name, python-docx base style, size in pt).
LEVEL_STYLES = {
    1: ("章見出し", "Heading 1", 16),
    2: ("節見出し", "Heading 2", 13),
    3: ("項見出し", "Heading 3", 12),
    4: ("小見出し", "Heading 4", 10.5),
}
TOC_TITLE_STYLE = "目次見出し"
TOC_LEVELS = 2

def _east_asian(style_or_run, font: str = FONT) -> None:
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run
    rpr = element if element.tag == qn("w:rPr") else element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _setup(word) -> None:
    _document_defaults(word)
    for style in word.styles:
        if hasattr(style, "font") and style.type == 1:
            style.font.name = FONT
            _east_asian(style)
    word.styles["Normal"].font.size = Pt(10)
    _level_styles(word)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)


# --- styles ----------------------------------------------------------------------------------

BLACK = RGBColor(0, 0, 0)


def _document_defaults(word) -> None:
    """The document's default run: 游ゴシック by name (no theme font), Japanese language."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _east_asian(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _black(style) -> None:
    """Black text (Word's heading styles are blue by a theme colour)."""
    rpr = style.element.get_or_add_rPr()
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    style.font.color.rgb = BLACK


def _level_styles(word) -> None:
    """One paragraph style per level of the report, each with its outline level (the contents
    and Word's navigation pane list them), black and in the report's sizes."""
    styles = word.styles
    for level, (name, base, size) in LEVEL_STYLES.items():
        _black(styles[base])
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.next_paragraph_style = styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        _east_asian(style)
        _black(style)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(12 if level <= 2 else 8), Pt(6)
        fmt.keep_with_next = True
        _outline_level(style, level - 1)
    title = styles.add_style(TOC_TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = styles["Normal"]
    title.font.size, title.font.bold = Pt(16), True
    _east_asian(title)
    for level in range(1, TOC_LEVELS + 1):
        entry = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        entry.base_style = styles["Normal"]
        entry.paragraph_format.left_indent = Cm(1 * (level - 1))
        entry.paragraph_format.space_after = Pt(3)
        _east_asian(entry)


def _outline_level(style_or_paragraph, level: int) -> None:
    """w:outlineLvl (0 = top level, 9 = body text) on a style or one paragraph."""
    ppr = style_or_paragraph.element.get_or_add_pPr() if hasattr(
        style_or_paragraph, "type") else style_or_paragraph._p.get_or_add_pPr()
    existing = ppr.find(qn("w:outlineLvl"))
    if existing is not None:
        ppr.remove(existing)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)
