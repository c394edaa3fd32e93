"""Control characters and spreadsheet formulas: what input refuses and what output drops.

* `first_refused(text)`: the first character a text field refuses: a C0 control character
  other than tab and line feed (a carriage return only as part of CRLF, which browsers send),
  or DEL. Forms and models refuse through `shisaku.core.validation`.
* `printable(text)`: what every document and workbook can hold. XML 1.0 (Word, Excel) and the
  PDF pipeline reject control characters, lone surrogates and U+FFFE/U+FFFF; they are
  dropped, and a lone CR becomes a newline. The second line of defence, for text that reached
  the database some other way.
* `printable_data(value)`: the same for every string inside a data structure (a document,
  a chart's arguments).
* `spaced(text)`: the importers' normalisation of the city's own text (a PDF's form feeds,
  a pasted vertical tab): every refused character becomes a space.
* `formula_like(text)` and `csv_cell(value)`: text that Excel would run as a formula
  (``=HYPERLINK(...)``, ``+1``, ``-cmd``, ``@SUM(A1)``, or starting with a tab or CR) is
  written as text; in CSV with a leading apostrophe (OWASP, CSV injection). Numbers stay
  numbers.

Framework-free.
"""

import dataclasses
import re
from typing import Any

REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A lone CR becomes LF when printed, so a leading LF counts too.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A figure as the CSV exports write it ("-1,234", "+3.5", "-12%"): data, not a formula.
_NUMBER = re.compile(r"[-+]?[\d,]+(\.\d+)?%?")


def first_refused(text: str) -> str | None:
    """The first character a text field refuses, or None."""
    match = REFUSED.search(text)
    return match.group()[0] if match else None


def printable(text: str) -> str:
    """The text without what XML and the PDF pipeline cannot hold; CR/CRLF become LF."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNPRINTABLE.sub("", text)


def printable_data(value: Any) -> Any:
    """`printable` applied to every string inside tuples, lists, dicts and dataclasses
    (a copy; other objects are returned as they are)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(printable_data(v) for v in value))
    if isinstance(value, (tuple, list)):
        return type(value)(printable_data(v) for v in value)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: printable_data(getattr(value, f.name))
            for f in dataclasses.fields(value) if f.init})
    return value


def spaced(text: str) -> str:
    """The text with every refused control character replaced by a space (CRLF kept)."""
    return REFUSED.sub(" ", text) if text else text


def formula_like(text: str) -> bool:
    """True when a spreadsheet would read this text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_cell(value: object) -> str:
    """One CSV cell: printable, and text that Excel would run as a formula quoted with '."""
    text = printable(str(value)) if value is not None else ""
    if formula_like(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
