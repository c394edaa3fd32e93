"""The ※ notes of the report on a project's lineage (統合, 名称変更, ...), in the city's
short form, from the lineage events recorded in projects.lineage."""

from shisaku.projects.models import LineageEvent

from ..data import LineageChange

Kind = LineageEvent.Kind


def _change_of(project, changes: list[LineageChange]) -> LineageChange | None:
    return next((c for c in changes if project in c.predecessors), None)


def change_note(project, changes: list[LineageChange]) -> str:
    """What becomes of the project, in the city's short form: "Xに統合", "Yと統合の上、
    事務事業名をXに変更", ... Empty when no change takes effect."""
    change = _change_of(project, changes)
    if change is None:
        return ""
    names = "、".join(p.name for p in change.successors)
    if change.kind == Kind.MERGED:
        partners = [p for p in change.predecessors if p != project]
        new = all(p.first_fy == change.effective_fy for p in change.successors)
        if partners and new:
            return (f"{'、'.join(p.name for p in partners)}と統合の上、"
                    f"事務事業名を{names}に変更")
        return f"{names}に統合"
    if change.kind == Kind.RENAMED:
        return f"事務事業名を{names}に変更"
    if change.kind == Kind.SPLIT:
        return f"{names}に分割"
    if change.kind == Kind.ABOLISHED:
        return "廃止"
    return ""
