"""One entry point: (cycle, kind, format) → bytes, with a progress callback for the CLI."""

from django.utils import translation

from .content import BUILDERS
from .data import load
from .document import printable_document

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "html": "text/html; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KINDS = {"full": "報告書", "summary": "概要版", "press": "報道発表資料"}


def build(cycle, kind: str, fmt: str, progress=None):
    """Returns (bytes, document). The document carries `warnings` about missing data.

    The documents are the city's Japanese publication: they are built in Japanese whatever
    language the person asking for them reads the site in, so the same data always gives
    the same bytes (and a published document's checksum does not depend on who published).
    """
    with translation.override("ja"):
        return _build(cycle, kind, fmt, progress)


def _build(cycle, kind: str, fmt: str, progress=None):
    say = progress or (lambda message: None)
    say("データを読み込んでいます")
    data = load(cycle)
    if fmt == "xlsx":
        from .xlsx import workbook

        say("Excel を作成しています")
        return workbook(data, kind), None
    say("文書を組み立てています")
    # Every renderer gets printable text (a control character stored another way must not
    # stop a document or a publication): cleaned once here, for PDF, HTML and Word alike.
    doc = printable_document(BUILDERS[kind](data))
    if fmt == "pdf":
        from .typst_render import compile_pdf

        say("PDF を組版しています")
        return compile_pdf(doc), doc
    if fmt == "html":
        from .html_render import render

        return render(doc).encode("utf-8"), doc
    if fmt == "docx":
        from .docx_render import render

        say("Word 文書を作成しています")
        return render(doc), doc
    raise ValueError(fmt)
