"""The published result as PDF and Word through the reports' renderers (documents apart from
the web: the view asks for bytes)."""

from django.utils import translation

from shisaku.city.models import CitySettings
from shisaku.reports.content.consultation import build_consultation_result
from shisaku.reports.document import printable_document

from .result import public_result

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def result_document(consultation):
    with translation.override("ja"):
        return printable_document(build_consultation_result(public_result(consultation),
                                                            CitySettings.current()))


def render(consultation, fmt: str) -> bytes:
    doc = result_document(consultation)
    if fmt == "pdf":
        from shisaku.reports.typst_render import compile_pdf

        return compile_pdf(doc)
    if fmt == "docx":
        from shisaku.reports.docx_render import render as render_docx

        return render_docx(doc)
    raise ValueError(fmt)
