"""The sheets' names resolved against what the same document lists: the verified
projects per article (with their groups and order). A title whose group has no position
mark and was read glued to the project (「工業振興関連事業 ものづくり…事業」) is split;
a group or position that differs from the list is said in a warning; a sheet's project
the list does not know is said too. Runs before the group scopes and the articles."""

from __future__ import annotations

from . import registry
from .lines import fold, key, mark
from .model import ListedProject, Sheet


@registry.after
def resolve_names(reading) -> None:
    report = reading.report
    listed = {fold(p.name): p for p in report.verified_projects}
    groups = {fold(p.group) for p in report.verified_projects if p.group}
    for sheet in report.sheets:
        entry = listed.get(fold(sheet.project))
        if entry is None and sheet.group is None:
            _split_glued(reading, sheet, listed, groups)
            entry = listed.get(fold(sheet.project))
        if entry is not None:
            _compare(reading, sheet, entry)
        elif listed:
            reading.warn(sheet.line, f"事業シート「{sheet.project}」は検証対象事業の一覧にありません"
                                     "（一覧とシートで事業名の書き方が違う可能性があります）。")


def _split_glued(reading, sheet: Sheet, listed: dict[str, ListedProject],
                 groups: set[str]) -> None:
    """「<group> <project>」 without a position mark: the group is the first word when the
    list knows it (or the project after it), or when it reads as a group's name."""
    parts = sheet.project.split(maxsplit=1)
    if len(parts) != 2:
        return
    group, name = parts
    known = fold(name) in listed or fold(group) in groups
    if known or reading.layout.group_heading.fullmatch(key(group)):
        sheet.group, sheet.project = group, name


def _compare(reading, sheet: Sheet, entry: ListedProject) -> None:
    if sheet.group and entry.group and fold(sheet.group) != fold(entry.group):
        reading.warn(sheet.line, f"事業シート「{sheet.project}」のグループ「{sheet.group}」が、"
                                 f"検証対象事業の一覧（{entry.line}行目）のグループ「{entry.group}」"
                                 "と異なります。シートの表記で読みました。")
        return
    if sheet.group is None or entry.position is None:
        return
    if sheet.position is None:
        sheet.position = entry.position  # the list's order within the group
    elif sheet.position != entry.position:
        reading.warn(sheet.line, f"事業シート「{sheet.project}」の番号{mark(sheet.position)}が、"
                                 f"検証対象事業の一覧（{entry.line}行目）では"
                                 f"{entry.position}番目です。シートの番号で読みました。")
