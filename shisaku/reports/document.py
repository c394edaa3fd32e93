"""The document model every format is rendered from: built once from the data, then
written as Typst (PDF), HTML and Word by separate renderers. Framework-free."""

from dataclasses import dataclass, field

from shisaku.lib.cleantext import printable, printable_data
from shisaku.lib.richtext import Block


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    label: str = ""  # anchor for cross references ("p-12" → a project's sheet)
    in_toc: bool = True
    page_break: bool = False


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body | note | lead | right | center | small


@dataclass(frozen=True)
class Rich:
    """Narrative in Shisaku text, already parsed."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None  # relative column widths
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    caption: str = ""
    header_rows: int = 1
    # column index → label names: the cell prints the page number of that label
    page_refs: dict[int, str] = field(default_factory=dict)
    row_labels: tuple[str, ...] = ()  # per row, the label whose page the page_refs column shows
    # per row, optional: the page_refs cell prints a range "15-18" up to the page of this label
    row_end_labels: tuple[str, ...] = ()
    # per row, optional: the range ends on the page before this label (what follows the row)
    row_next_labels: tuple[str, ...] = ()


class Figure:
    """A chart. SVG for PDF and HTML, PNG for Word: each drawn only when a renderer asks."""

    def __init__(self, name: str, data: bytes | None = None, png: bytes | None = None,
                 caption: str = "", width_cm: float = 15.0, draw=None):
        self.name, self.caption, self.width_cm = name, caption, width_cm
        self._draw = draw  # fmt ("svg" | "png") → bytes
        self._drawn = {"svg": data, "png": png}

    def _get(self, fmt: str) -> bytes:
        if self._drawn.get(fmt) is None:
            self._drawn[fmt] = self._draw(fmt)
        return self._drawn[fmt]

    @property
    def data(self) -> bytes:
        return self._get("svg")

    @property
    def png(self) -> bytes:
        return self._get("png")


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Toc:
    title: str = "目次"


@dataclass(frozen=True)
class Cover:
    lines: tuple[str, ...]
    title: str
    date: str
    city: str


@dataclass(frozen=True)
class Box:
    """A framed block (press-release contact, summary key points)."""

    items: tuple[object, ...]
    title: str = ""


Item = Heading | Para | Rich | Table | Figure | PageBreak | Toc | Cover | Box


@dataclass
class Document:
    title: str
    kind: str  # full | summary | press
    fiscal_year: int
    header: str
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what is missing in the data

    def add(self, *items: Item) -> None:
        self.items.extend(items)

    def figures(self) -> list[Figure]:
        found = []
        for item in self.items:
            if isinstance(item, Figure):
                found.append(item)
            elif isinstance(item, Box):
                found.extend(i for i in item.items if isinstance(i, Figure))
        return found


def printable_document(doc: Document) -> Document:
    """The document with every text printable (no control characters, see lib.cleantext).

    Input is validated, but text can reach the database another way (an old import, a
    direct update): `build` applies it before any renderer, so no stored text can stop a
    document (python-docx, openpyxl and XML refuse control characters) or a publication.
    """
    for figure in doc.figures():
        figure.caption = printable(figure.caption)
    return printable_data(doc)


@dataclass(frozen=True)
class Columns:
    """Narratives side by side under one header row, one cell per column (その他の事業:
    next year's overview | this year's results). `end_label` marks the last page."""

    header: tuple[str, ...]
    cells: tuple[tuple[Block, ...], ...]
    end_label: str = ""
# --- wide tables (art. 19's contract tables) ------------------------------------------------

@dataclass(frozen=True)
class GroupedTable(Table):
    """A table whose header has a row of group labels above the column labels.

    `groups` are (label, columns spanned) from the left ("物品" over 契約件数/割合/契約金額/
    割合). `size` is the font size in points for a compact table (0: the document's). Every
    numeric cell is set without line breaks: its column is wide enough for the number.
    """

    groups: tuple[tuple[str, int], ...] = ()
    size: float = 0


@dataclass(frozen=True)
class Landscape:
    """Items set on pages of their own turned to landscape (a table too wide for portrait);
    the pages after them are portrait again."""

    items: tuple[object, ...]


Item = Item | Columns | GroupedTable | Landscape
