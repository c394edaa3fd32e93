"""The ※ notes under the list of other projects: what becomes of a project next year
(renamed, merged into another, merged with another under a new name)."""

from __future__ import annotations

from .model import LineageNote


def resolve_lineage(reading, effective_fy: int | None) -> None:
    report = reading.report
    fy = report.fiscal_year
    by_mark = {p.mark: p for p in report.other_projects if p.mark}
    for note in report.lineage_notes:
        note.effective_fy = effective_fy or (fy + 1 if fy else None)
        marked = by_mark.get(note.mark)
        if marked is None:
            reading.warn(note.line, f"※{note.mark}の付いた事業が一覧にありません。")
            continue
        if not _sentence(reading.layout, note, marked.name):
            reading.warn(note.line, f"※{note.mark}「{note.text}」を事業の変遷として読み取れません。")


def _sentence(layout, note: LineageNote, name: str) -> bool:
    for pattern, kind in layout.lineage_sentences:
        match = pattern.match(note.text)
        if match:
            note.kind = kind
            other = match.groupdict().get("other")
            note.predecessors = [name, other.strip()] if other else [name]
            note.successor = match.group("succ").strip()
            return True
    return False
