"""The council's hearing packet and one sheet on its own: the report's sheet pages
(content.sheet.sheet_pages) for the sheets chosen, in the report's order, honouring the
city's report profile (Kawasaki prints no ratings)."""

from django.db.models import Prefetch
from django.utils import translation

from shisaku.lib.era import format_fy
from shisaku.sheets import sections
from shisaku.sheets.models import Cycle, Indicator, IndicatorValue, Sheet
from shisaku.sheets.years import program_for

from .. import profile as report_profile
from ..data import ReportData, load
from ..document import Document, Heading, Para, printable_document
from ..models import ReportProfile
from .common import add_section
from .sheet import sheet_pages

PACKET_TITLE = "ヒアリング資料"
_NO_ARTICLE_YET = object()


def load_sheets(cycle: Cycle, sheets) -> list[Sheet]:
    """`sheets` (a queryset of the cycle's sheets) with what the sheet pages print, in a fixed
    number of queries."""
    fy = cycle.fiscal_year
    values = IndicatorValue.objects.filter(fiscal_year__in=[fy - 1, fy]).order_by("fiscal_year")
    indicators = Indicator.objects.order_by("order", "pk").prefetch_related(
        Prefetch("values", values))
    return list(sheets.filter(cycle=cycle).select_related("project__section", "cycle")
                .prefetch_related("project__articles",
                                  Prefetch("project__indicators", indicators)))


def packet_document(data: ReportData, sheets: list[Sheet], title: str,
                    profile: ReportProfile | None = None) -> Document:
    """The sheets' pages, one after another, grouped under their articles."""
    profile = profile or report_profile.current()
    fy = data.fiscal_year
    doc = Document(title=f"{format_fy(fy, 'era')} {title}", kind="packet", fiscal_year=fy,
                   header=f"{format_fy(fy, 'era')} {title}")
    doc.add(Heading(doc.title, level=1))
    order = {sheet.pk: index for index, sheet in enumerate(data.verified + data.others)}
    sheets = sorted(sheets, key=lambda s: order.get(s.pk, len(order) + s.pk))
    program = program_for(fy) if data.final_year else None
    article = _NO_ARTICLE_YET
    for index, sheet in enumerate(sheets):
        if data.article_of(sheet) != article:
            article = data.article_of(sheet)
            if article is not None:
                doc.add(Heading(f"{article.label} {article.title}", level=2,
                                page_break=index > 0))
        if sheet.verified:
            sheet_pages(doc, sheet, data, closes_group=False, new_page=False, profile=profile,
                        program=program)
        else:
            _other_entry(doc, sheet, fy)
    if not sheets:
        doc.add(Para("選ばれたシートはありません。", "note"))
    return doc


def _other_entry(doc: Document, sheet: Sheet, fy: int) -> None:
    """A project not verified this year: its two-part その他の事業 entry."""
    doc.add(Heading(sheet.project.heading, level=3))
    for name in ("summary_next", "summary_results"):  # the entry's order: next year first
        add_section(doc, sections.heading(name, fy), getattr(sheet, name))
    if not (sheet.summary_next.strip() or sheet.summary_results.strip()):
        doc.add(Para("【未入力】このシートには内容が入力されていません。", "note"))


def build_packet(cycle: Cycle, sheets, title: str = PACKET_TITLE) -> Document:
    """The printable document of `sheets` (a queryset of the cycle's sheets), in Japanese
    whatever the reader's language, as the report is."""
    with translation.override("ja"):
        data = load(cycle)
        return printable_document(packet_document(data, load_sheets(cycle, sheets), title))


def packet_pdf(cycle: Cycle, sheets, title: str = PACKET_TITLE) -> bytes:
    from ..typst_render import compile_pdf

    doc = build_packet(cycle, sheets, title)
    with translation.override("ja"):
        return compile_pdf(doc)
