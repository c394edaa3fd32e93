"""The review of an execution program (実行プログラムの振り返り), as the city made for the
1st program (seed 001): the results along the program's hierarchy, each placed project with
its indicators' targets and actuals over the program's years.

A staff document built from the values as recorded (not only published years); it is
rendered by the same renderers as the report (typst_render, docx_render).
"""

from collections import defaultdict

from shisaku.lib.era import format_fy
from shisaku.plan.models import Node, Program
from shisaku.projects.models import Placement
from shisaku.sheets.models import IndicatorValue
from shisaku.sheets.presentation import actual_text, target_text

from ..document import Document, Heading, Para, Table


def build_program_review(program: Program) -> Document:
    years = list(range(program.first_fy, program.last_fy + 1))
    period = f"{format_fy(program.first_fy)}～{format_fy(program.last_fy)}"
    doc = Document(title=f"{program.name}の振り返り", kind="program_review",
                   fiscal_year=program.last_fy, header=f"{program.plan.name} {program.name}")
    doc.add(Heading(doc.title, level=1, in_toc=False),
            Para(f"{program.plan.name} {program.name}（{period}）の体系に沿って、位置付けた"
                 "事務事業と指標の目標・実績を年度ごとに示します。", "lead"))
    nodes = list(Node.objects.filter(program=program, level__in_tree=True)
                 .select_related("level").order_by("level__order", "order", "code"))
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    placed: dict[int, list] = defaultdict(list)
    for placement in (Placement.objects.filter(node__program=program)
                      .select_related("project").order_by("order", "project__name")):
        placed[placement.node_id].append(placement.project)
    values = defaultdict(dict)
    for value in IndicatorValue.objects.filter(
            indicator__project__placements__node__program=program,
            fiscal_year__in=years).select_related("indicator").distinct():
        values[value.indicator_id][value.fiscal_year] = value

    def walk(parent_id, depth: int) -> None:
        for node in children.get(parent_id, ()):
            doc.add(Heading(f"{node.level.name} {node.code} {node.title}", level=min(depth + 2, 4)))
            projects = placed.get(node.pk, [])
            if projects:
                doc.add(_results(projects, years, values))
            walk(node.pk, depth + 1)

    walk(None, 0)
    if not nodes:
        doc.warnings.append(f"{program.name}の体系項目が登録されていません。")
    return doc


def _results(projects, years: list[int], values) -> Table:
    header = ("事務事業", "指標", *(f"{format_fy(fy, 'short')} {part}"
                                     for fy in years for part in ("目標", "実績")))
    rows = []
    for project in projects:
        indicators = list(project.indicators.all())
        if not indicators:
            rows.append((project.heading, "（指標なし）", *([""] * (2 * len(years)))))
        for indicator in indicators:
            cells = []
            for fy in years:
                value = values[indicator.pk].get(fy)
                cells += [target_text(value), actual_text(value) if value else ""]
            rows.append((project.heading, str(indicator), *cells))
    numeric = frozenset(range(2, 2 + 2 * len(years)))
    return Table(header=header, rows=tuple(rows), numeric=numeric,
                 widths=(3, 3, *([1.2] * (2 * len(years)))))


def render_program_review(program: Program, fmt: str) -> tuple[bytes, Document]:
    """The review as PDF or Word (the report's renderers, in Japanese, printable text)."""
    from django.utils import translation

    from ..document import printable_document

    with translation.override("ja"):
        doc = printable_document(build_program_review(program))
        if fmt == "pdf":
            from ..typst_render import compile_pdf

            return compile_pdf(doc), doc
        if fmt == "docx":
            from ..docx_render import render

            return render(doc), doc
        if fmt == "html":
            from ..html_render import render

            return render(doc).encode("utf-8"), doc
    raise ValueError(fmt)
