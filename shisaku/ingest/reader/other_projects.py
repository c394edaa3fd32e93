"""その他の事業: per article, each project's line, its ※ notes, then a two-column table
(next year's overview | this year's results), printed either as two runs of lines under
their headers or as rows of "overview<TAB>results" HTML fragments."""

from __future__ import annotations

from . import registry
from .lines import fold, key, mostly_latin, strip_html
from .model import Caption, OtherEntry
from .narrative import html_narrative


def _duplicate(row: list[str], existing: list[str]) -> bool:
    joined = fold(strip_html(" ".join(existing)))
    return all(fold(strip_html(c)) in joined for c in row if c.strip())


class _Entries:
    def __init__(self, reading, indexes: list[int]):
        self.reading, self.layout, self.report = reading, reading.layout, reading.report
        self.lines, self.indexes = reading.lines, indexes
        self.article: int | None = None
        self.entry: OtherEntry | None = None
        # "left" / "right" in text layout, "cells" after a two-column header, "skip"
        self.column: str | None = None
        self.left: list[str] = []
        self.right: list[str] = []
        self.gap = 0
        self.caption_mode = False

    def read(self) -> None:
        for position, index in enumerate(self.indexes):
            text = self.lines[index].strip()
            if position == 0 and key(text) == self.layout.other_projects_title:
                continue
            if not text:
                self.gap += 1
                continue
            if not self._structure(position, index + 1, text):
                self._content(self.lines[index], index + 1, text)
        self._close()

    def _restart(self, column: str | None) -> None:
        self.column, self.gap, self.caption_mode = column, 0, False

    def _structure(self, position: int, number: int, text: str) -> bool:
        """An article's line, a column header or a project's line (True), else False."""
        layout = self.layout
        compact = key(text)
        match = layout.other_article.match(text)
        if match and "\t" not in text and len(text) < 60:
            self._close()
            self.article = int(match.group("n"))
            self.report.measures.setdefault(self.article, match.group("measure").strip())
            self._restart(None)
            return True
        if layout.overview_header.match(compact):
            if self.entry is None:
                self.reading.warn(number, "事業名のない「年度の概要」の表があります。読み飛ばしました。")
                self._restart("skip")
            else:
                self._restart("cells" if "\t" in text else "left")
            return True
        if layout.results_header.fullmatch(compact) and self.entry is not None:
            self._restart("right")
            return True
        if self._is_entry_start(position):
            self._close()
            self.entry = OtherEntry(project=text.split("\t")[0].strip()[:200],
                                    article=self.article, line=number)
            self._restart(None)
            return True
        return False

    def _content(self, raw: str, number: int, text: str) -> None:
        entry, column = self.entry, self.column
        if entry is not None and column is None and text.startswith("※"):
            entry.note = (entry.note + " " + text).strip()
            merged = self.layout.merged_into.match(text)
            if merged:
                entry.merged_from = merged.group("name").strip()
            return
        if entry is None or column in (None, "skip"):
            if entry is not None and column is None:
                self._caption(number, text, "画像の説明と思われる文「{}」を読み飛ばしました。")
            else:
                self.reading.warn(number, f"その他の事業の行「{text[:40]}」を置き場所がないため"
                                          "読み飛ばしました。")
            self.gap = 0
            return
        if column in ("left", "right"):
            if self.gap >= 2:
                self.caption_mode = True
            if self.caption_mode:
                self._caption(number, text, "画像の説明と思われる英文「{}…」を読み飛ばしました。")
            else:
                (self.left if column == "left" else self.right).append(raw)
            self.gap = 0
            return
        self._cells(raw, number, text)

    def _caption(self, number: int, text: str, latin_warning: str) -> None:
        self.entry.captions.append(Caption(number, text))
        if mostly_latin(text):
            self.reading.warn(number, latin_warning.format(text[:40]))

    def _cells(self, raw: str, number: int, text: str) -> None:
        """column "cells": "overview<TAB>results" (HTML fragments)."""
        left, right = self.left, self.right
        row = [c.strip() for c in raw.split("\t")]
        while row and not row[-1]:
            row.pop()
        if self.gap == 0 and (left or right) and len(row) >= 2 and _duplicate(row, left + right):
            self.reading.warn(number, f"その他の事業「{self.entry.project}」の表の行「{text[:30]}」は"
                                      "前の行の表と重複しているため読み飛ばしました。")
            return
        if len(row) == 1 and self.gap > 0 and (left or right) and len(text) < 40:
            self.entry.captions.append(Caption(number, strip_html(text)))
            return
        if row:
            left.append(row[0])
        if len(row) > 1:
            right.append(row[1])
        if len(row) > 2 and not _duplicate(row[2:], left + right):
            right.append(" ".join(row[2:]))
        self.gap = 0

    def _close(self) -> None:
        entry = self.entry
        if entry is None:
            return
        label = f"その他の事業「{entry.project}」"
        overview = html_narrative(self.left, f"{label} 次年度の概要", entry.line, self.report)
        results = html_narrative(self.right, f"{label} 実績", entry.line, self.report)
        entries = self.report.other_entries
        previous = entries[-1] if entries else None
        if previous is not None and previous.project == entry.project:
            # The same project continued on the next page.
            previous.next_overview = "\n\n".join(p for p in (previous.next_overview, overview)
                                                 if p)
            previous.results = "\n\n".join(p for p in (previous.results, results) if p)
            previous.captions.extend(entry.captions)
            if entry.merged_from and not previous.merged_from:
                previous.merged_from = entry.merged_from
        else:
            entry.next_overview, entry.results = overview, results
            entries.append(entry)
        self.entry, self.left, self.right = None, [], []

    def _is_entry_start(self, position: int) -> bool:
        """A project name line: followed (after ※ notes) by the overview's header."""
        text = self.lines[self.indexes[position]].strip()
        if not text or len(text.split("\t")[0]) > 80 or text.startswith(
                ("<", "・", "-", "(", "（", "※", "【", "*")):
            return False
        if len([c for c in text.split("\t") if c.strip()]) > 1:
            return False
        for index in self.indexes[position + 1: position + 8]:
            following = self.lines[index].strip()
            if not following or following.startswith("※"):
                continue
            return bool(self.layout.overview_header.match(key(following)))
        return False


@registry.region("other")
def read_other_projects(reading, indexes: list[int]) -> None:
    layout = reading.layout
    untabbed = [i for i in indexes if layout.overview_header.match(key(reading.lines[i]))
                and "\t" not in reading.lines[i]]
    if layout.tabbed_lists and untabbed:
        # A PDF's text runs the two columns together line by line (see Layout.tabbed_lists).
        first, last = indexes[0] + 1, indexes[-1] + 1
        reading.warn(first, f"その他の事業（{first}～{last}行）は2列の表の行が混ざって読み取られるため、"
                            "取り込みません。テキストから取り込むか、画面で入力してください。")
        return
    _Entries(reading, indexes).read()
