"""Marking the terms in the text as written: matched in the folded text, highlighted in the
original (each folded character knows the span it came from), everything else escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .normalize import fold_with_spans

SNIPPET_LENGTH = 120
SNIPPET_BEFORE = 30


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """The (start, end) ranges of `text` where a term occurs, in order, merged."""
    folded, spans = fold_with_spans(text)
    found = []
    for term in terms:
        at = folded.find(term)
        while term and at >= 0:
            end = at + len(term)
            found.append((spans[at][0], spans[end - 1][1]))
            at = folded.find(term, end)
    return _merge(found)


def _marked(text: str, ranges: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    at = start
    for left, right in ranges:
        left, right = max(left, start), min(right, end)
        if left >= right:
            continue
        parts.append(escape(text[at:left]))
        parts.append(f"<mark>{escape(text[left:right])}</mark>")
        at = right
    parts.append(escape(text[at:end]))
    return "".join(parts)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, escaped, with each term in <mark>."""
    return mark_safe(_marked(text, matches(text, terms), 0, len(text)))  # noqa: S308 - escaped


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters around the first hit (the start when none), on one line."""
    text = " ".join((text or "").split())
    ranges = matches(text, terms)
    start = max(0, ranges[0][0] - SNIPPET_BEFORE) if ranges else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    html = _marked(text, ranges, start, end)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
