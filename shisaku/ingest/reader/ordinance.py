"""The ordinance's text printed as the report's appendix: read apart, as articles,
paragraphs and items (``shisaku.ordinance.parse``), not as prose."""

from __future__ import annotations


def read_ordinance(text: str):
    from shisaku.ordinance.parse import parse_appendix

    return parse_appendix(text)
