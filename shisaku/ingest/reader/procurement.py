"""The procurement page (Kawasaki: art. 19, 受注機会の増大等): plan, Do with its tables
(contracts by size and type, orders of subsidised projects, the evaluation items), Check
and Action for the article; the Do text cut into the parts the page prints."""

from __future__ import annotations

import re
from decimal import Decimal

from shisaku.lib.era import format_fy, parse_date
from shisaku.lib.textnorm import parse_number

from . import registry
from .layout import Layout
from .lines import Numbered, cells, fy_in, key
from .model import Caption, Procurement
from .narrative import narrative, safe
from .opinions import check_numbering, read_items

# The Do text of the page, cut where the city's page puts its tables: the rule changes
# before the evaluation table, the text after it, the notes under the contract table,
# the subsidised table's explanation and its notes (sheets.ProcurementPage fields).
_PART_AFTER = {"evaluation": "evaluation_notes", "contracts": "contract_notes",
               "subsidised": "subsidised_notes"}
_ADDED_RE = re.compile(r"^\d+点[（(](?P<date>[^）)～~]+)[～~]?[）)]$")
_POINTS = re.compile(r"\d+点")
_POINTS_CELL = re.compile(r"\d+点.*")


@registry.section("procurement")
def read_procurement(reading, start: int, sections) -> None:
    layout = reading.layout
    title = layout.procurement_title
    report = reading.report
    if report.procurement is not None:
        reading.warn(start + 1, f"「{title}」が2回あります。2つ目を読み飛ばしました。")
        return
    proc = Procurement(article=layout.procurement_article, title=title, line=start + 1)
    captions: list[Caption] = []
    proc.plan = narrative(sections.get("plan", []), "bullets", f"{title} 事業計画", report,
                          captions)
    do_lines = _take_tables(reading, proc, sections.get("do", []))
    proc.do_text = narrative(do_lines, "do", f"{title} 事業の実施状況", report, captions)
    _read_parts(reading, proc, sections.get("do", []), captions)
    proc.opinions = read_items(sections.get("check", []), "検証意見", report)
    proc.responses = read_items(sections.get("action", []), "対応", report)
    check_numbering(proc.opinions, proc.responses, f"「{title}」", report)
    for kind in ("goal", "activities", "indicators", "notes", "results", "issues",
                 "next_plan"):
        for number, raw in sections.get(kind, []):
            if raw.strip():
                reading.warn(number, f"「{title}」の行「{raw.strip()[:40]}」を読み飛ばしました。")
    report.procurement = proc


def table_kind(layout: Layout, compact: str) -> str | None:
    """The table whose title this line (on the key) is: contracts, subsidised, evaluation."""
    if layout.contracts_title in compact:
        return "contracts"
    if layout.subsidised_title in compact:
        return "subsidised"
    if compact.startswith("【") and layout.evaluation_title in compact:
        return "evaluation"
    return None


def _take_tables(reading, proc: Procurement, lines: Numbered) -> Numbered:
    """Take the tables out of the Do lines and read them; return the rest."""
    rest: Numbered = []
    index = 0
    while index < len(lines):
        number, raw = lines[index]
        kind = table_kind(reading.layout, key(raw))
        if kind is None:
            rest.append((number, raw))
            index += 1
            continue
        j = index + 1
        block: Numbered = []
        # Rows are the tab lines from the title on; prose between title and table
        # (the subsidised table's explanation) stays in the text.
        while j < len(lines):
            n2, r2 = lines[j]
            if "\t" in r2.strip("\n"):
                block.append((n2, r2))
            elif r2.strip() and block:
                break
            elif r2.strip():
                rest.append((n2, r2))
            j += 1
        if kind == "contracts":
            _Contracts(reading, proc).read(block, number)
        elif kind == "subsidised":
            _subsidised(reading, proc, block)
        else:
            _evaluation(reading.layout, proc, block)
        index = j
    return rest


class _Contracts:
    """The contract table: per FY, rows by category (large, SME, …) and columns by type
    (goods, works, services, total), each with count, share, amount, share."""

    def __init__(self, reading, proc: Procurement):
        self.reading, self.layout, self.proc = reading, reading.layout, proc
        self.order = ["goods", "works", "services", "total"]
        self.totals: dict[tuple[int, str], tuple[int, int]] = {}
        self.share_rows: dict[int, dict[str, tuple]] = {}  # fy → category → row

    def category(self, label: str) -> str | None:
        return next((code for word, code in self.layout.contract_categories if word in label),
                    None)

    def read(self, rows: Numbered, title_line: int) -> None:
        fy = None
        for number, raw in rows:
            row = cells(raw)
            keys = [key(c) for c in row]
            types = self.layout.contract_types
            if any(k in types for k in keys):
                self.order = [types[k] for k in keys if k in types]
                continue
            if any(k in self.layout.contract_header_words for k in keys):
                continue
            fy = (fy_in(row[0]) if row and row[0] else None) or fy
            self._row(number, raw, fy, self.category(keys[1] if len(keys) > 1 else ""),
                      row[2:])
        self._check_totals(title_line)

    def _row(self, number: int, raw: str, fy: int | None, category: str | None,
             numbers: list[str]) -> None:
        if fy is None or category is None:
            self.reading.warn(number, f"契約実績の表の行「{raw.strip()[:40]}」を読み取れません。")
            return
        values = []
        try:
            for position, contract_type in enumerate(self.order):
                count = parse_number(numbers[position * 4])
                amount = parse_number(numbers[position * 4 + 2])
                values.append((contract_type, int(count), int(amount)))
        except (ValueError, IndexError):
            self.reading.warn(number, f"契約実績の表の行「{raw.strip()[:40]}」の数値を読み取れません。")
            return
        for contract_type, count, amount in values:
            if category == "total" or contract_type == "total":
                self.totals[(fy, f"{category}/{contract_type}")] = (count, amount)
                continue
            self.proc.contracts.append({"fiscal_year": fy, "category": category,
                                        "contract_type": contract_type, "count": count,
                                        "amount": amount, "line": number})
        self._check_shares(number, numbers, category, fy)

    def _check_totals(self, title_line: int) -> None:
        """Printed totals are derived figures: check them, do not keep them."""
        for (fy, what), (count, amount) in self.totals.items():
            category, contract_type = what.split("/")
            rows = [r for r in self.proc.contracts if r["fiscal_year"] == fy
                    and (category == "total" or r["category"] == category)
                    and (contract_type == "total" or r["contract_type"] == contract_type)]
            if rows and (sum(r["count"] for r in rows) != count
                         or sum(r["amount"] for r in rows) != amount):
                self.reading.warn(
                    title_line, f"契約実績の表の{format_fy(fy)}の合計（{count:,}件・{amount:,}百万円）が"
                                f"内訳の和（{sum(r['count'] for r in rows):,}件・"
                                f"{sum(r['amount'] for r in rows):,}百万円）と合いません。")

    def _check_shares(self, number: int, row: list[str], category: str, fy: int) -> None:
        # Shares are recomputed by the statistics pages; a printed share that is not the
        # count's share of its column total is worth a warning (seen: 90.33% for 9.67%).
        rows = self.share_rows.setdefault(fy, {})
        rows[category] = (number, row, self.order)
        if "total" not in rows or len(rows) < 5:
            return
        _n, total_cells, _o = rows["total"]
        for cat, (line, row_cells, row_order) in rows.items():
            if cat == "total":
                continue
            for position, contract_type in enumerate(row_order):
                for offset, what in ((0, "件数"), (2, "金額")):
                    self._check_share(line, fy, cat, contract_type, what,
                                      row_cells, total_cells, position * 4 + offset)

    def _check_share(self, line, fy, category, contract_type, what, row_cells, total_cells,
                     at) -> None:
        try:
            value = parse_number(row_cells[at])
            total = parse_number(total_cells[at])
            printed = parse_number(row_cells[at + 1].rstrip("%％"))
        except (ValueError, IndexError):
            return
        if total and abs(value * 100 / total - printed) > Decimal("0.1"):
            labels = self.layout.share_labels
            self.reading.warn(line, f"契約実績の表の{format_fy(fy)}「{labels.get(category, category)}」"
                                    f"{labels.get(contract_type, contract_type)}の{what}の"
                                    f"割合が{printed}%と印刷されていますが、計算では"
                                    f"{(value * 100 / total).quantize(Decimal('0.01'))}%です"
                                    "（割合は保存せず計算し直します）。")


def _subsidised(reading, proc: Procurement, rows: Numbered) -> None:
    layout = reading.layout
    fy = None
    for number, raw in rows:
        row = cells(raw)
        label_fy = fy_in(row[0]) if row and row[0] else None
        if label_fy:
            fy = label_fy
        label = key(row[1]) if len(row) > 1 else ""
        if not label or layout.subsidised_header_word in key(raw) or label == "割合":
            continue
        scope = next((code for word, code in layout.subsidised_scopes if word in label), None)
        if fy is None or scope is None:
            if any(c for c in row):
                reading.warn(number, f"補助金等交付事業の発注実績の行「{raw.strip()[:40]}」を読み取れません。")
            continue
        try:
            count, amount = parse_number(row[2]), parse_number(row[4])
        except (ValueError, IndexError):
            reading.warn(number, f"補助金等交付事業の発注実績の行「{raw.strip()[:40]}」の数値を読み取れません。")
            continue
        proc.subsidised.append({"fiscal_year": fy, "scope": scope, "count": int(count),
                                "amount": int(amount), "line": number})


def _evaluation(layout: Layout, proc: Procurement, rows: Numbered) -> None:
    for number, raw in rows:
        row = [c.strip() for c in raw.split("\t") if c.strip()]
        points = next((c for c in row if _POINTS.fullmatch(key(c))), None)
        names = [c for c in row if c != points and not _POINTS_CELL.fullmatch(key(c))
                 and key(c) not in layout.evaluation_header_words]
        if points and names:
            proc.evaluation_items.append({"name": names[-1], "points": points, "line": number})
            _evaluation_extras(layout, proc.evaluation_items[-1], row,
                               proc.evaluation_items[-2] if len(proc.evaluation_items) > 1
                               else None)


def _evaluation_extras(layout: Layout, item: dict, row: list[str], previous: dict | None
                       ) -> None:
    """The row's group (事業者申請項目, printed once for the rows below it) and the date the
    item joins the maximum (「110点（R4.3.1～）」 in its 最大 cell), as ISO text."""
    group = next((key(c) for c in row if layout.evaluation_group_word in key(c)), None)
    item["group"] = group or (previous or {}).get("group", "")
    item["added_on"] = ""
    for cell in row:
        match = _ADDED_RE.match(key(cell))
        if match and item["points"] != cell:
            try:
                item["added_on"] = parse_date(match.group("date")).isoformat()
            except ValueError:
                pass


def _read_parts(reading, proc: Procurement, lines: Numbered, captions: list[Caption]) -> None:
    """The Do text cut at the page's tables into the parts of sheets.ProcurementPage."""
    layout = reading.layout
    printed_by_page, printed_suffix = layout.headings_printed_by_page
    parts: dict[str, Numbered] = {}
    current, table, seen_rows = "rule_changes", None, False
    for number, raw in lines:
        compact = key(raw)
        kind = table_kind(layout, compact)
        if kind is not None:
            if kind == "evaluation":
                proc.parts["evaluation_title"] = safe(compact.strip("【】"))[:100]
            current, table, seen_rows = _PART_AFTER[kind], kind, False
            continue
        if "\t" in raw.strip("\n"):
            seen_rows = True  # a table row (read by _take_tables)
            continue
        if compact == printed_by_page or (compact.startswith("【")
                                          and compact.endswith(printed_suffix)):
            continue  # headings the page prints itself
        part = "subsidised_intro" if table == "subsidised" and not seen_rows else current
        parts.setdefault(part, []).append((number, raw))
    for name, part_lines in parts.items():
        text = narrative(part_lines, "do", f"{layout.procurement_title} {name}", reading.report,
                         captions)
        if text.strip():
            proc.parts[name] = text
