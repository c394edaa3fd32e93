"""The plan's summary (概要版), as the city made it for the plan of FY2026-2037 (seed 000):
1 策定にあたって (purpose, position, plan period with its execution programs), 2 the city's
industry from the statistics, 3 the basic approach (the vision and its states, the points,
the basic policies, the whole picture), 4 the execution program (basic policies → action
items → projects), 5 進行管理 (progress management).

The headings are the city's; the text is the plan's own (purpose, position, vision, states,
node descriptions) or written here from the data. Rendered by the report's renderers.
"""

from datetime import date

from django.utils import timezone

from shisaku.city.models import CitySettings
from shisaku.lib.era import format_fy
from shisaku.ordinance.models import Ordinance
from shisaku.plan.models import Program
from shisaku.plan.tree import ProgramTree, build_tree

from ..document import Box, Document, Heading, Para, Table
from .common import rich
from .plan_summary_stats import current_state_items

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# The PDCA cycle of the execution program (5-2), in our words: what the system itself runs.
PDCA = (
    ("Plan（計画）", "実行プログラムと各年度の事業計画で、事務事業の目標と指標を定めます。"),
    ("Do（実行）", "所管課が事業を実施し、実績と指標の値を事業シートにまとめます。"),
    ("Check（検証）", "産業振興協議会と専門部会が施策の実施状況を検証し、意見を述べます。"),
    ("Action（改善）", "意見への対応を定め、翌年度以降の事業と次の実行プログラムに反映します。"),
)


def _in_brackets(name: str) -> str:
    return f"「{name}」"


def build_plan_summary(program: Program, as_of: date | None = None, *,
                       public: bool = False) -> Document:
    """The summary of `program`'s plan. `public`: as the portal gives it (only adopted
    programs in the plan period's table; statistics released by `as_of` in either case)."""
    plan = program.plan
    draft = "（案）" if program.is_draft else ""
    doc = Document(title=f"{plan.name}{draft}概要版", kind="plan_summary",
                   fiscal_year=program.first_fy, header=f"{plan.name}{draft}概要版")
    tree = build_tree(program)
    doc.add(Heading(doc.title, level=1, in_toc=False),
            Para(f"{plan.name}（{format_fy(plan.first_fy)}～{format_fy(plan.last_fy)}）と"
                 f"{program.name}の内容を、登録されている計画の体系と統計からまとめました。",
                 "lead"))
    _approach(doc, program, public)
    stats, missing = current_state_items(program.first_fy, as_of or timezone.localdate(),
                                         "2-1 市内産業の現状・動向")
    doc.add(Heading("2 本市の現状と本市を取り巻く社会経済環境の変化", level=1), *stats)
    if missing:
        doc.warnings.append("市内産業の統計が未登録: " + "、".join(missing))
    _vision(doc, program, tree)
    _program(doc, program, tree)
    _progress(doc, program)
    return doc


# --- 1 策定にあたって ---------------------------------------------------------------------------

def _text_or_note(doc: Document, text: str, what: str) -> None:
    narrative = rich(text)
    if narrative is not None:
        doc.add(narrative)
        return
    doc.add(Para(f"※ 計画の{what}が登録されていません（計画の編集画面で入力できます）。", "note"))
    doc.warnings.append(f"計画の{what}が未登録")


def _approach(doc: Document, program: Program, public: bool) -> None:
    plan = program.plan
    name = _in_brackets(plan.name)
    doc.add(Heading(f"1 {name}の策定にあたって", level=1),
            Heading(f"1-1 {name}の策定趣旨", level=2))
    _text_or_note(doc, plan.purpose, "策定趣旨")
    doc.add(Heading(f"1-2 {name}の位置づけ", level=2),
            Heading(f"（1）{name}の位置づけ", level=3, in_toc=False))
    _text_or_note(doc, plan.position, "位置づけ")
    ordered = plan.programs.order_by("ordinal")
    programs = list(ordered.adopted() if public else ordered)
    years = plan.last_fy - plan.first_fy + 1
    doc.add(Heading(f"（2）{name}の計画期間", level=3, in_toc=False),
            Para(f"計画期間は{format_fy(plan.first_fy)}から{format_fy(plan.last_fy)}までの"
                 f"{years}年間です。期間中の具体的な取組は実行プログラムで定め、"
                 f"{program.name}の計画期間は{format_fy(program.first_fy)}から"
                 f"{format_fy(program.last_fy)}までの{program.last_fy - program.first_fy + 1}"
                 "年間です。"),
            Table(("実行プログラム", "計画期間", "連動する総合計画の実施計画"),
                  tuple((p.name, f"{format_fy(p.first_fy, 'paren')}～{format_fy(p.last_fy, 'paren')}",
                         p.comprehensive_plan_period or "—")
                        for p in programs),
                  widths=(2.6, 4.4, 3.4), caption=f"図表 {name}の計画期間"),
            Para("→ 実行プログラムは、その期間が終わるごとに見直します。", "note"))


# --- 3 基本的な考え方 ---------------------------------------------------------------------------

def _side_name(tree: ProgramTree) -> str:
    side = next((level for level in tree.levels if not level.in_tree), None)
    return side.name if side else ""


def _level_nodes(tree: ProgramTree, depth: int) -> list:
    """The tree's items at `depth` (0: basic policies, 1: action items), in order."""
    found, layer = [], list(tree.roots)
    for _ in range(depth):
        layer = [child for item in layer for child in item.children]
    found.extend(layer)
    return found


def _vision(doc: Document, program: Program, tree: ProgramTree) -> None:
    plan = program.plan
    name, full = _in_brackets(plan.name), _in_brackets(f"{plan.name} {program.name}")
    doc.add(Heading(f"3 {name}の基本的な考え方", level=1),
            Heading(f"3-1 {name}の概要", level=2),
            Heading(f"{name}のめざす姿", level=3, in_toc=False))
    if plan.vision:
        states = list(plan.vision_states.all())
        box = [Para(plan.vision, "center")]
        if states:
            box.append(Para("めざす姿が実現している状態"))
            box += [Para(f"{CIRCLED[i] if i < len(CIRCLED) else i + 1}{s.text}")
                    for i, s in enumerate(states)]
        doc.add(Box(tuple(box)))
        if plan.vision_note:
            _text_or_note(doc, plan.vision_note, "めざす姿の考え方")
    else:
        doc.add(Para("※ めざす姿が登録されていません。", "note"))
        doc.warnings.append("めざす姿が未登録")
    points = tree.side_items
    policies = _level_nodes(tree, 0)
    side = _side_name(tree) or "ポイント"
    doc.add(Heading(f"3-2 {full}の概要", level=2))
    if points:
        doc.add(Heading(f"（1）{len(points)}つの{side}の設定", level=3, in_toc=False),
                Para(f"{program.name}は、次の{len(points)}つの{side}を踏まえて基本施策を"
                     "定めています。"))
        for item in points:
            doc.add(Para(f"{item.node.code}{item.node.title}"))
            if item.node.description:
                doc.add(Para(item.node.description, "small"))
    if not policies:
        doc.add(Para("※ この実行プログラムの体系は登録されていません。", "note"))
        return
    top = _tree_level_name(tree, 0)
    doc.add(Heading(f"（{2 if points else 1}）{top}の策定", level=3, in_toc=False),
            Para(f"{program.name}の{top}は、次の{len(policies)}つです。"),
            *[Para(f"{item.node.code} {item.node.title}") for item in policies])
    _whole_picture(doc, plan, program, tree)


def _tree_level_name(tree: ProgramTree, depth: int) -> str:
    levels = [level for level in tree.levels if level.in_tree]
    return levels[depth].name if depth < len(levels) else ""


def _whole_picture(doc: Document, plan, program: Program, tree: ProgramTree) -> None:
    policies, items = _level_nodes(tree, 0), _level_nodes(tree, 1)
    side = _side_name(tree) or "ポイント"
    box: list = []
    if plan.vision:
        box.append(Para(f"【めざす姿】{plan.vision}"))
    if tree.side_items:
        box.append(Para(f"【{len(tree.side_items)}つの{side}】"))
        box += [Para(f"{i.node.code}{i.node.title}", "small") for i in tree.side_items]
    box.append(Para(f"【{len(policies)}つの{_tree_level_name(tree, 0)}】"))
    box += [Para(f"{i.node.code} {i.node.title}", "small") for i in policies]
    if items:
        box.append(Para(f"【{len(items)}の{_tree_level_name(tree, 1)}】"))
        box += [Para(i.node.title, "small") for i in items]
    doc.add(Heading(f"3-3 {_in_brackets(f'{plan.name} {program.name}')}の全体像", level=2,
                    page_break=True),
            Box(tuple(box), title=f"{program.name}（{format_fy(program.first_fy, 'paren')}～"
                                  f"{format_fy(program.last_fy, 'paren')}）"))


# --- 4 実行プログラム -----------------------------------------------------------------------------

def _item_label(item) -> str:
    """"(4) 臨海部における新産業の創出 (※)": the number from the code, ※ for another bureau."""
    number = item.node.code.rsplit(" ", 1)[-1]
    mark = " (※)" if item.node.other_bureau else ""
    return f"{number} {item.node.title}{mark}" if number != item.node.title else item.node.title


def _projects_of(item) -> list[str]:
    names = [p.project.name for p in item.placements]
    for child in item.children:
        names += _projects_of(child)
    return names


def _program(doc: Document, program: Program, tree: ProgramTree) -> None:
    full = _in_brackets(f"{program.plan.name} {program.name}")
    policies = _level_nodes(tree, 0)
    top, second = _tree_level_name(tree, 0), _tree_level_name(tree, 1)
    doc.add(Heading(f"4 {full}", level=1, page_break=True))
    if not policies:
        doc.add(Para("※ この実行プログラムの体系は登録されていません。", "note"))
        doc.warnings.append(f"{program.name}の体系が未登録")
        return
    doc.add(
            Heading(f"4-1 {len(policies)}つの{top}の{second}一覧", level=2),
            Para(f"{program.name}（{format_fy(program.first_fy)}～{format_fy(program.last_fy)}）"
                 f"の{top}ごとに、{second}と、そこに位置付けた主な事務事業を示します。"))
    rows = []
    for policy in policies:
        for index, item in enumerate(policy.children or [policy]):
            # The basic policy on its first row only, as the city's table spans it.
            label = _item_label(item) if item is not policy else "—"
            rows.append((f"{policy.node.code} {policy.node.title}" if index == 0 else "", label,
                         "\n".join(_projects_of(item)) or "—"))
    doc.add(Table((top, second or "項目", "主な事務事業"), tuple(rows), widths=(3, 3.5, 3.5)))
    if any(item.node.other_bureau for item in _level_nodes(tree, 1)):
        city = CitySettings.current()
        bureau = city.bureau_name if city else "本局"
        doc.add(Para(f"※ が付いている{second}は、{bureau}以外が所管する取組です。", "note"))
    doc.add(Heading(f"4-2 各{top}における{second}", level=2))
    for policy in policies:
        doc.add(Heading(f"{policy.node.code} {policy.node.title}", level=3, in_toc=False))
        if policy.node.description:
            doc.add(Para(policy.node.description))
        if policy.children:
            doc.add(Heading(f"{second}・取組内容", level=4, in_toc=False))
        for item in policy.children:
            doc.add(Para(_item_label(item)))
            narrative = rich(item.node.description)
            if narrative is not None:
                doc.add(narrative)
            names = _projects_of(item)
            if names:
                doc.add(Para(f"主な事務事業：{'、'.join(names)}", "small"))


# --- 5 進行管理 ---------------------------------------------------------------------------------

def _progress(doc: Document, program: Program) -> None:
    city = CitySettings.current()
    city_name = city.city_name if city else "本市"
    ordinance = Ordinance.objects.first()
    comprehensive = program.comprehensive_plan_period
    doc.add(Heading("5 進行管理", level=1),
            Heading(f"5-1 {city_name}総合計画における進行管理", level=2),
            Para(f"{program.name}は{comprehensive + 'と' if comprehensive else '総合計画と'}"
                 "連動しています。目標を実現するための手段である事務事業ごとに、現状と課題を"
                 "整理し、年度ごとの目標に対する成果を確かめることで、総合計画の進行管理とあわせて"
                 "実行プログラムの進行を管理します。"))
    if ordinance is not None:
        doc.add(Heading(f"5-2 {ordinance.title}との関係", level=2),
                Para(f"本プランは、「{ordinance.title}」が定める中小企業の活性化に関する施策の"
                     "実施計画でもあります。条例の各条に対応する事業について、毎年度、実施状況を"
                     "産業振興協議会に報告して検証を受け、その結果を施策に反映します。"))
    doc.add(Table(("段階", "内容"), PDCA, widths=(1.3, 5),
                  caption="図表 PDCAサイクルによる実行プログラムの進行管理"))


SUMMARY_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_plan_summary(program: Program, fmt: str, *,
                        public: bool = False) -> tuple[bytes, Document]:
    """The summary as PDF or Word (the report's renderers, in Japanese, printable text)."""
    from django.utils import translation

    from ..document import printable_document

    with translation.override("ja"):
        doc = printable_document(build_plan_summary(program, public=public))
        if fmt == "pdf":
            from ..typst_render import compile_pdf

            return compile_pdf(doc), doc
        if fmt == "docx":
            from ..docx_render import render

            return render(doc), doc
    raise ValueError(fmt)
