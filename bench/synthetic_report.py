"""A synthetic N-sheet past report, built from the FY2021 excerpt, for the scale benchmark.

    text = synthetic_report(1000)          # str, valid for shisaku.ingest.reader
    .venv/bin/python bench/synthetic_report.py 10000 > /tmp/report-10000.txt

The excerpt's front matter (cover, rosters, lists, main opinions) and its tail (art. 19,
その他の事業) are kept as they are; between them come N project sheets made from the
excerpt's 14 sheets in turn. Copy 0 is each sheet's title with its goal and first plan
line; copies 1, 2, … rename the project and its group ("起業化総合支援事業第2号",
"工業振興関連事業2"), so every sheet is a distinct project, and add a row for it to the
list of verified projects (with the article of the sheet it copies). Every tenth sheet
also carries the first indicator table of its model and, when the model has them, its
first opinion and response, so that the import writes indicators, values, opinions and
responses too. Sheets are kept short (as the issue's 1.4 MB file for 10,000 sheets): the
web upload limit is 5 MB.

Pure (no Django): it uses the parser to find the sheets of the excerpt.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/seeds beside the checkout (or beside the worktrees' folder, for a git worktree)
SEED = next((d / "shared" / "seeds" / "002_report_fy2021_excerpt.txt" for d in
             (ROOT.parent, ROOT.parent.parent)
             if (d / "shared" / "seeds" / "002_report_fy2021_excerpt.txt").is_file()),
            ROOT.parent / "shared" / "seeds" / "002_report_fy2021_excerpt.txt")
RICH_EVERY = 10
CUT = 30


@cache
def _model(seed: Path):
    """(front lines, tail lines, list insertion index, [(sheet, its lines)]) of the seed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from shisaku.ingest import reader as rp

    text = seed.read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    report = rp.parse(text, 2021)
    sheets = [(s, lines[s.line - 1:s.end_line]) for s in report.sheets]
    first, last = report.sheets[0].line - 1, report.sheets[-1].end_line
    # The verified list ends with the art. 19 row (※本市の調達等の取組…): new rows go before it.
    at = next(i for i, line in enumerate(lines[:first])
              if line.startswith("19条") and "※本市の調達" in line)
    return lines[:first], lines[last:], at, sheets


def _section(block: list[str], kinds: tuple[str, ...], rows: int) -> list[str]:
    """The first heading of one of `kinds` and its first `rows` non-blank lines."""
    from shisaku.ingest import reader as rp

    for index, line in enumerate(block):
        if rp.heading(rp.KAWASAKI, line)[0] in kinds:
            taken = [line.strip(), ""]
            for following in block[index + 1:]:
                if rp.heading(rp.KAWASAKI, following)[0]:
                    break
                if following.strip():
                    text = following.rstrip()
                    taken.append(text if "\t" in text else text[:CUT])
                    if len(taken) - 2 >= rows:
                        break
            return taken + [""] if len(taken) > 2 else []
    return []


def _indicator(block: list[str]) -> list[str]:
    """The indicators heading, the first indicator's name and its FY table."""
    from shisaku.ingest import reader as rp

    start = next((i for i, line in enumerate(block)
                  if rp.heading(rp.KAWASAKI, line)[0] == "indicators"),
                 None)
    if start is None:
        return []
    out = [block[start].strip(), ""]
    index = start + 1
    while index < len(block) and not block[index].strip():
        index += 1
    if index >= len(block) or rp.heading(rp.KAWASAKI, block[index])[0]:
        return []
    out += [block[index].rstrip(), ""]  # "- 創業実績件数"
    index += 1
    while index < len(block) and not block[index].strip():
        index += 1
    if index >= len(block) or not rp.fy_header(block[index].strip()):
        return []  # the table is not printed right under the name: leave the indicator out
    while index < len(block) and block[index].strip():
        out.append(block[index].rstrip())  # the FY header and the 目標 / 実績 rows
        index += 1
    return out + [""]


def sheet_lines(k: int, seed: Path = SEED, rich_every: int = RICH_EVERY
                ) -> tuple[list[str], str | None]:
    """The lines of synthetic sheet k (0-based), and its row of the verified list."""
    _front, _tail, _at, sheets = _model(seed)
    model, block = sheets[k % len(sheets)]
    copy = k // len(sheets)
    group, name = model.group, model.project
    if copy:
        name = f"{name}第{copy + 1}号"
        group = f"{group}{copy + 1}" if group else None
    from shisaku.ingest import reader as rp

    # The heading prints the group and the circled position (工業振興関連事業 ②…) or the name.
    title = f"{group} {rp.mark(model.position)}{name}" if group and model.position else name
    out = [title, ""]
    out += _section(block, ("goal",), 1)
    out += _section(block, ("plan",), 1)
    if rich_every and k % rich_every == 0:
        out += _indicator(block)
        check = _section(block, ("check",), 1)
        action = _section(block, ("action",), 1)
        if check and action:
            out += check + action
    row = None
    if copy and model.article is not None:
        row = f"{model.article}条\t\t{group} {name}\t" if group else f"{model.article}条\t\t{name}\t"
    return out, row


def synthetic_report(n: int, seed: Path = SEED, rich_every: int = RICH_EVERY) -> str:
    """The text of a report with `n` project sheets (n ≥ 1); every `rich_every`-th sheet
    (0: none) with an indicator table, an opinion and a response."""
    front, tail, at, _sheets = _model(seed)
    body: list[str] = []
    rows: list[str] = []
    for k in range(n):
        lines, row = sheet_lines(k, seed, rich_every)
        body += lines
        if row:
            rows.append(row)
    return "\n".join(front[:at] + rows + front[at:] + body + tail)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.stdout.write(synthetic_report(count))
