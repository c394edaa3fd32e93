"""The ordinance printed as a report's appendix ((参考) …条例), read back into its structure.

The city prints the ordinance as a two-column page of tables; the report's text export keeps
it as rows of tab-separated cells, some cells as ``<p>`` paragraphs, others with a whole
article run together on one line ("第11条 … (1) … (2) … 2 …"). What is read:

- 前文: the cell right of the label 前文, one paragraph per ``<p>``;
- the side labels (目的、定義、基本理念 / 計画 / …) as the parts (区分) articles belong to;
- each article: its caption "(目的)" (the cell above it, or the paragraph before it), its
  number 第N条, its paragraphs ("2 …", numbered in sequence) and items ("(1) …");
- 附則.

Articles come in any order (the page reads across both columns) and are sorted by number.
A sentence cut by the page ("…第1条に" | "規定する…") is joined again. Framework-free:
``parse_appendix(text)`` takes the report's whole text and returns None when the report has
no appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shisaku.lib.articles import format_article

from .structure import Item, Paragraph

APPENDIX_RE = re.compile(r"^[(（]参考[)）]\s*(?P<title>\S*条例)\s*$")
_P_RE = re.compile(r"<p>(.*?)</p>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_ARTICLE_RE = re.compile(r"^第(?P<n>[1-9]\d{0,2})条(?:\s+|$)(?P<text>.*)$")
_CAPTION_RE = re.compile(r"^[(（](?P<caption>[^()（）]{1,40})[)）]$")
_SUPPLEMENTARY_RE = re.compile(r"^附\s*則(?:\s+|$)(?P<text>.*)$")
_ITEM_RE = re.compile(r"^[(（](?P<n>[1-9]\d?)[)）]\s*(?P<text>\S.*)$")
_PARAGRAPH_RE = re.compile(r"^(?P<n>[1-9]\d?)\s+(?P<text>\S.*)$")
# Where a run-together article splits: before " (2) " and before " 2 ".
_SPLIT_RE = re.compile(r"\s+(?=[(（][1-9]\d?[)）]\s)|\s+(?=[1-9]\d?\s+\S)")
_PREAMBLE = "前文"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # not tab, not line feed


@dataclass
class ParsedArticle:
    number: int
    caption: str
    paragraphs: list[Paragraph]
    part: str = ""
    line: int = 0


@dataclass
class ParsedOrdinance:
    title: str
    preamble: list[str] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    supplementary: str = ""
    parts: list[tuple[str, int]] = field(default_factory=list)  # (label, first article)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    line: int = 0

    def article(self, number: int) -> ParsedArticle | None:
        return next((a for a in self.articles if a.number == number), None)


@dataclass
class _Open:
    """An article being read: its paragraphs as (number, text, items)."""
    number: int
    caption: str
    line: int
    paras: list[list] = field(default_factory=list)

    def last(self) -> list:
        """The [text] holder the next continuation belongs to (paragraph or item)."""
        paragraph = self.paras[-1]
        return paragraph[2][-1] if paragraph[2] else paragraph

    def close(self) -> ParsedArticle:
        paras = [Paragraph(n, t.strip(), tuple(Item(i, x.strip()) for i, x in items))
                 for n, t, items in self.paras]
        if paras and not paras[0].text:
            paras = []  # 第N条 without its sentence (a damaged text): nothing to keep
        return ParsedArticle(self.number, self.caption, paras, line=self.line)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _TAG_RE.sub("", text)).strip()


def _cells(raw: str) -> list[tuple[int, list[str], bool]]:
    """(column, pieces, is_paragraphed) of each non-empty cell of a row."""
    cells = []
    for column, cell in enumerate(raw.split("\t")):
        if "<p>" in cell:
            pieces = [_clean(p) for p in _P_RE.findall(cell)]
            paragraphed = True
        else:
            pieces = [_clean(cell)]
            paragraphed = False
        pieces = [p for p in pieces if p]
        if pieces:
            cells.append((column, pieces, paragraphed))
    return cells


def _is_label(pieces: list[str]) -> bool:
    text = pieces[0]
    return (len(pieces) == 1 and "。" not in text and len(text) <= 60
            and not (_ARTICLE_RE.match(text) or _CAPTION_RE.match(text)
                     or _SUPPLEMENTARY_RE.match(text) or _ITEM_RE.match(text)))


class _Reader:
    def __init__(self, title: str, start: int):
        self.result = ParsedOrdinance(title=title, line=start)
        self.open: dict[int, _Open] = {}  # the article being read, per column
        self.captions: dict[int, str] = {}  # a caption waiting for its article, per column
        self.closed: list[_Open] = []
        self.orphans: list[tuple[int, str]] = []  # text before any article (page cut)
        # an article whose cell ends inside a sentence, and the paragraph or item cut
        self.dangling: list[tuple[_Open, list]] = []
        self.label_at: list[tuple[str, int, int, bool]] = []  # label, row, column, right side
        self.first_article: dict[tuple[int, int], int] = {}  # (row, column) → first 第N条

    def warn(self, line: int, message: str) -> None:
        self.result.warnings.append((line, message))

    def row(self, line: int, raw: str) -> None:
        cells = _cells(raw)
        preamble_next = False
        for position, (column, pieces, paragraphed) in enumerate(cells):
            if preamble_next:
                self.result.preamble.extend(pieces)
                preamble_next = False
                continue
            if len(pieces) == 1 and pieces[0] == _PREAMBLE:
                preamble_next = True
                continue
            if _is_label(pieces) and len(cells) > 1:
                has_right = position + 1 < len(cells)
                target = cells[position + 1][0] if has_right else column
                self.label_at.append((pieces[0], line, target, has_right))
                continue
            self.cell(line, column, pieces, paragraphed)

    def cell(self, line: int, column: int, pieces: list[str], paragraphed: bool) -> None:
        for index, piece in enumerate(pieces):
            segments = [piece] if paragraphed and not _ARTICLE_RE.match(piece) else (
                _SPLIT_RE.split(piece))
            for segment in segments:
                self.segment(line, column, segment)
            if paragraphed and index == len(pieces) - 1 and len(pieces) > 1:
                current = self.open.get(column)
                if current is not None and current.paras and not re.search(
                        r"[。）)]$", current.last()[1]):
                    self.dangling.append((current, current.last()))

    def segment(self, line: int, column: int, text: str) -> None:
        caption = _CAPTION_RE.match(text)
        if caption:
            self.captions[column] = caption["caption"]
            return
        article = _ARTICLE_RE.match(text)
        if article:
            number = int(article["n"])
            self.end(column)
            self.open[column] = _Open(number, self.captions.pop(column, ""), line,
                                      [[1, article["text"], []]])
            self.first_article.setdefault((line, column), number)
            if not article["text"]:
                self.warn(line, f"{format_article(number)}の本文がありません。")
            return
        supplementary = _SUPPLEMENTARY_RE.match(text)
        if supplementary:
            self.end(column)
            self.result.supplementary = supplementary["text"]
            return
        current = self.open.get(column)
        if current is None:
            self.orphans.append((line, text))
            return
        self.follow(current, text)

    @staticmethod
    def follow(current: _Open, text: str) -> None:
        """`text` after an article's start: an item, a paragraph or more of the sentence."""
        item = _ITEM_RE.match(text)
        paragraph = current.paras[-1]
        if item and int(item["n"]) == len(paragraph[2]) + 1:
            paragraph[2].append([int(item["n"]), item["text"]])
            return
        numbered = _PARAGRAPH_RE.match(text)
        if numbered and int(numbered["n"]) == len(current.paras) + 1:
            current.paras.append([int(numbered["n"]), numbered["text"], []])
            return
        holder = current.last()
        holder[1] = f"{holder[1]} {text}"  # a number inside a sentence: not a new part

    def end(self, column: int) -> None:
        current = self.open.pop(column, None)
        if current is not None:
            self.closed.append(current)

    def finish(self) -> ParsedOrdinance:
        for column in list(self.open):
            self.end(column)
        result = self.result
        if self.orphans and len(self.dangling) == 1:
            # The page cut one article: its rest opens the next column, before any 第N条.
            current, holder = self.dangling[0]
            _line, text = self.orphans[0]
            rest = self.orphans
            if not (_ITEM_RE.match(text) or _PARAGRAPH_RE.match(text)):
                holder[1] += text
                rest = self.orphans[1:]
            for _line, text in rest:
                self.follow(current, text)
        else:
            for line, text in self.orphans:
                self.warn(line, f"どの条にも属さない文を読み飛ばしました（{text[:20]}…）。")
        articles: dict[int, ParsedArticle] = {}
        for current in self.closed:
            if current.number in articles:
                self.warn(current.line, f"{format_article(current.number)}が2回あります。後のものを読み飛ばしました。")
                continue
            articles[current.number] = current.close()
        result.articles = [articles[n] for n in sorted(articles)]
        numbers = [a.number for a in result.articles]
        missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
        if missing:
            self.warn(result.line, "条が欠けています: " + "、".join(format_article(n) for n in missing))
        self._parts()
        return result

    def _parts(self) -> None:
        """Each side label starts at the first article of the cell it stands beside; a label
        naming an article's caption ("…基本理念") keeps that article."""
        result = self.result
        starts: list[tuple[int, str]] = []
        for label, line, column, right in self.label_at:
            if right:  # the first article beside it or below
                rows = sorted((row, n) for (row, col), n in self.first_article.items()
                              if col == column and row >= line)
                found = [rows[0][1]] if rows else []
            else:  # the last cell of its row: it labels the cell above (a spanning column)
                rows = sorted((row, n) for (row, col), n in self.first_article.items()
                              if col == column and row < line)
                found = [rows[-1][1]] if rows else []
            if not found:
                self.warn(line, f"区分「{label}」の条が見つかりません。")
                continue
            starts.append((found[0], re.sub(r"\s+", "", label)))
        starts.sort()
        captions = {a.caption: a.number for a in result.articles}
        for index, (_start, label) in enumerate(starts):
            named = [captions[c] for c in label.split("、") if c in captions]
            if named and index + 1 < len(starts) and starts[index + 1][0] <= max(named):
                starts[index + 1] = (max(named) + 1, starts[index + 1][1])
        result.parts = [(label, start) for start, label in starts]
        for article in result.articles:
            for label, start in result.parts:
                if article.number >= start:
                    article.part = label


def parse_appendix(text: str) -> ParsedOrdinance | None:
    """The ordinance of the report's appendix, or None when the report prints none."""
    text = _CONTROL_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    found = next(((i, match) for i, raw in enumerate(lines)
                  if (match := APPENDIX_RE.match(raw.strip()))), None)
    if found is None:
        return None
    start, match = found
    reader = _Reader(match["title"], start + 1)
    seen_content = False
    for index in range(start + 1, len(lines)):
        raw = lines[index]
        if not raw.strip():
            continue
        if "\t" not in raw and "<p>" not in raw and seen_content:
            break  # the table is over (the colophon follows)
        seen_content = True
        reader.row(index + 1, raw)
    return reader.finish()
