"""Helpers on the report's lines shared by the section readers (no city wording here)."""

from __future__ import annotations

import html
import re
import unicodedata

from shisaku.lib.era import parse_fy
from shisaku.lib.textnorm import circled, normalize_ascii, parse_circled

from .layout import FY_TOKEN

WS = re.compile(r"\s+")
_FY_TOKEN_RE = re.compile(FY_TOKEN)
_FY_HEADER_RE = re.compile(rf"(?:{FY_TOKEN})+")
_TAG = re.compile(r"<[^<>]{0,2000}>")
BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|ul|ol|li|tr|table|br|h\d)\b[^<>]{0,2000}>", re.I)

Numbered = list[tuple[int, str]]  # (1-based line number, the line as printed)


def mark(n: int) -> str:
    """①…⑳ as printed; numbers past ⑳ (a renumbering gap) read as (21)."""
    try:
        return circled(n)
    except ValueError:
        return f"({n})"


def circled_number(ch: str) -> int | None:
    """① → 1 …; None for anything else (a plain digit included)."""
    try:
        return parse_circled(ch) if ch else None
    except ValueError:
        return None


def mostly_latin(text: str) -> bool:
    """A picture described in English by the extractor ("The screenshot shows …")."""
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return len(text) > 40 and letters > len(text) // 2


def key(text: str) -> str:
    """Width-folded, without any whitespace: how headings are compared."""
    return WS.sub("", normalize_ascii(text))


def fold(text: str) -> str:
    """NFKC, for matching names written with either width (（ ）, spaces, ・)."""
    return WS.sub("", unicodedata.normalize("NFKC", text or ""))


def join(left: str, right: str) -> str:
    """Two printed lines of one item: a break after a full stop, nothing between wide
    characters, a space between two Latin ends."""
    if not left:
        return right
    wide = unicodedata.east_asian_width(left[-1]) in "WFH" or (
        right and unicodedata.east_asian_width(right[0]) in "WFH")
    return left + ("\n" if left.endswith("。") else "" if wide else " ") + right


def cells(raw: str) -> list[str]:
    """The tab-separated cells of a line, stripped."""
    return [c.strip() for c in raw.rstrip("\n").split("\t")]


def _fy(token: str) -> int | None:
    try:
        return parse_fy(token if token.endswith("年度") else token + "年度")
    except ValueError:
        return None


def fy_header(line: str) -> list[int] | None:
    """The fiscal years of an indicator table's header row (R2 (2020) 年度	R3 (2021) 年度)."""
    compact = key(line).upper()
    if not compact or not _FY_HEADER_RE.fullmatch(compact):
        return None
    years = [_fy(token) for token in _FY_TOKEN_RE.findall(compact)]
    return None if None in years else years


def fy_in(text: str) -> int | None:
    match = _FY_TOKEN_RE.search(key(text).upper())
    return _fy(match.group(0)) if match else None


def strip_html(text: str) -> str:
    text = BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    return WS.sub(" ", html.unescape(text)).strip()


def html_lines(fragments: list[str]) -> list[str]:
    """HTML fragments (as the extractor printed table cells) → one item per line."""
    out: list[str] = []
    for fragment in fragments:
        text = re.sub(r"<\s*/?\s*td\b[^<>]*>", " ", fragment, flags=re.I)
        text = BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
        for line in text.split("\n"):
            line = WS.sub(" ", line).strip().strip("{}").strip()
            if not line:
                continue
            # Items whose <li> were lost run together: split after a full stop.
            out.extend(part.strip() for part in re.split(r"(?<=。)\s+(?=[^\s（(])", line)
                       if part.strip())
    return out
