"""Japanese text as people type it: one folded form for the index and for the query.

NFKC (full-width ＤＸ and half-width ｶﾜｻｷ become DX and カワサキ), case folded, katakana
folded to hiragana (カワサキ and かわさき are one word), runs of white space made one
space. The same function folds the stored text and the query, so a substring of the one
is a substring of the other; `fold_with_spans` also says which characters of the original
each folded character came from, so a match found in the folded text is highlighted in
the text as written.
"""

import re
import unicodedata
from functools import cache, lru_cache

# Katakana ァ (U+30A1) … ヶ (U+30F6) and the iteration marks ヽヾ have hiragana 0x60 below.
_KANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)} | {0x30FD: 0x309D, 0x30FE: 0x309E}

# A half-width voiced or semi-voiced mark (ﾞ ﾟ) belongs to the kana before it: ｶﾞ is ガ.
_HALF_WIDTH_MARKS = "\uff9e\uff9f"

MAX_TERMS = 8
MAX_QUERY_LENGTH = 200

_QUOTES = "\"“”＂"
_PHRASE = re.compile(r'"([^"]*)"')


@lru_cache(maxsize=8192)
def _fold_cluster(cluster: str) -> str:
    folded = unicodedata.normalize("NFKC", cluster).casefold()
    folded = unicodedata.normalize("NFKC", folded)  # casefold may leave decomposed forms
    return folded.translate(_KANA)


class _CharTable(dict):
    """str.translate's table of single characters, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_cluster(chr(code))
        return folded


_CHARS = _CharTable()
_SPACES = re.compile(r"\s+")


@cache
def _marks() -> re.Pattern:
    """Characters that belong to the one before them (combining marks, ﾞ ﾟ)."""
    marks = [chr(code) for code in range(0x300, 0x1F000) if unicodedata.combining(chr(code))]
    return re.compile("[" + re.escape("".join(marks) + _HALF_WIDTH_MARKS) + "]")


def _clusters(text: str):
    """(start, end) of each base character with the combining marks that follow it."""
    if not _marks().search(text):
        yield from ((index, index + 1) for index in range(len(text)))
        return
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not _marks().match(text, index):
            yield start, index
            start = index


def fold(text: str) -> str:
    """The folded text (what `fold_with_spans` gives, without the spans; fast for the index)."""
    if not text:
        return ""
    if _marks().search(text):
        folded = "".join(_fold_cluster(text[start:end]) for start, end in _clusters(text))
    else:
        folded = text.translate(_CHARS)
    return _SPACES.sub(" ", folded)


def fold_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text and, for each of its characters, the span of `text` it came from."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    for start, end in _clusters(text or ""):
        for char in _fold_cluster(text[start:end]):
            if char.isspace():
                if pieces and pieces[-1] == " ":
                    continue
                char = " "
            pieces.append(char)
            spans.append((start, end))
    return "".join(pieces), spans


def parse_query(query: str) -> list[str]:
    """The folded terms of a query: "..." is one phrase, other words are split on spaces.

    Every term must occur (AND); duplicates are dropped, at most MAX_TERMS are kept.
    """
    text = (query or "")[:MAX_QUERY_LENGTH]
    for quote in _QUOTES:
        text = text.replace(quote, '"')
    text = fold(text)
    terms: list[str] = []
    phrases = [phrase.strip() for phrase in _PHRASE.findall(text)]
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    for term in phrases + rest.split():
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]
