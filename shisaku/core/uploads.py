"""Untrusted Office files (.xlsx, .docx): checked whole before any parser of ours opens them.

Every importer that reads an uploaded Office file (the sections' workbook, the statistics
import; web and command alike) calls `check_office_file` first. It refuses, with a message in
Japanese for the person who uploaded the file:

* an empty file, a file of another type (an .xls or a password-protected file, a PDF, a text
  file renamed .xlsx) and a zip that cannot be opened;
* a zip bomb: too many parts, too large once unpacked (the sizes the zip declares are an upper
  bound, since zipfile never yields more than it declares and then checks the CRC), or
  compressed far more than any real workbook is;
* macros (vbaProject.bin, a macro-enabled content type);
* in ANY part, at ANY offset: a DTD, an entity declaration or an external entity. Every part
  that could be XML is read to its end through defusedxml's expat parser with
  ``forbid_dtd=True, forbid_entities=True, forbid_external=True`` (defusedxml is the maintained,
  standard answer to XML attacks on Python's parsers; openpyxl uses it too once installed,
  ``openpyxl.xml.DEFUSEDXML``); other parts are searched for ``<!DOCTYPE`` and ``<!ENTITY``;
* a part that is not well-formed XML or fails its checksum, with an error naming the part:
  「xl/worksheets/sheet1.xml を読めません（途中で切れています。1行目、2,048文字目）」.

Nothing is unpacked to disk and at most one chunk of one part is held in memory at a time.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax import SAXParseException

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_PARTS = 2_000
MAX_UNZIPPED = 64 * 1024 * 1024  # all parts together, unpacked
MAX_RATIO = 100  # unpacked ÷ file size, once the unpacked size passes RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024
CHUNK = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, and any password-protected file
_MARKUP = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MARKUP_UTF16 = re.compile(rb"<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)"
                           rb"|\x00<\x00!\x00(?:D\x00O\x00C\x00T\x00Y\x00P\x00E|E\x00N\x00T\x00I\x00T\x00Y)",
                           re.IGNORECASE)


@dataclass(frozen=True)
class OfficeKind:
    label: str  # what the person should upload, in the message
    main_part: str  # the part every such file has


XLSX = OfficeKind(gettext_lazy("Excel ブック（.xlsx）"), "xl/workbook.xml")
DOCX = OfficeKind(gettext_lazy("Word 文書（.docx）"), "word/document.xml")


class UnsafeUpload(ValueError):
    """The file is refused; ``message`` is for the person, ``part`` the zip part at fault."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.message = message
        self.part = part


def check_office_file(data: bytes, kind: OfficeKind = XLSX, *, max_bytes: int | None = None,
                      max_unzipped: int = MAX_UNZIPPED) -> None:
    """Raise UnsafeUpload unless ``data`` is a plain Office file that is safe to hand a parser."""
    if not data:
        raise UnsafeUpload(_("ファイルが空です。"))
    if max_bytes is not None and len(data) > max_bytes:
        raise UnsafeUpload(_("ファイルが大きすぎます（%(mb)s MB まで）。") % {
            "mb": max_bytes // (1024 * 1024)})
    _check_type(data, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError, struct.error, OverflowError):
        # NotImplementedError: a damaged header claims a zip version or method nobody wrote
        raise UnsafeUpload(_("ファイルが壊れているか途中で切れているため、%(kind)sとして開けません。")
                           % {"kind": kind.label}) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, len(data), max_unzipped)
        names = {info.filename for info in infos}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise UnsafeUpload(_("マクロを含むファイルは受け付けません。"
                                 "マクロなしの%(kind)sとして保存し直してください。")
                               % {"kind": kind.label})
        for info in infos:  # first: a damaged zip is named as damaged, not as foreign
            if not info.is_dir():
                _check_part(archive, info)
        if "[Content_Types].xml" not in names or kind.main_part not in names:
            raise UnsafeUpload(_("%(kind)sではありません（中身の構成が違います）。")
                               % {"kind": kind.label})
        if b"macroEnabled" in archive.read("[Content_Types].xml"):
            raise UnsafeUpload(_("マクロを含むファイルは受け付けません。"
                                 "マクロなしの%(kind)sとして保存し直してください。")
                               % {"kind": kind.label})


def _check_type(data: bytes, kind: OfficeKind) -> None:
    if data.startswith(OLE_MAGIC):
        raise UnsafeUpload(_("古い形式のファイル（.xls・.doc）か、パスワード付きのファイルは読み込めません。"
                             "パスワードを外し、%(kind)sとして保存し直してください。")
                           % {"kind": kind.label})
    if data[:1024].lstrip().startswith(b"%PDF-"):
        raise UnsafeUpload(_("PDF ファイルです。%(kind)sを選んでください。") % {"kind": kind.label})
    if not data.startswith(ZIP_MAGIC):
        raise UnsafeUpload(_("%(kind)sではありません（ファイルの形式が違います）。")
                           % {"kind": kind.label})


def _check_sizes(infos: list[zipfile.ZipInfo], size: int, max_unzipped: int) -> None:
    if len(infos) > MAX_PARTS:
        raise UnsafeUpload(_("ファイルの中の部品が多すぎます（%(n)s個まで）。") % {"n": f"{MAX_PARTS:,}"})
    unzipped = sum(info.file_size for info in infos)
    if unzipped > max_unzipped or (unzipped > RATIO_FLOOR and unzipped > size * MAX_RATIO):
        raise UnsafeUpload(_("展開後の大きさが上限（%(mb)s MB）を超えるか、異常に圧縮されているため"
                             "読み込みません。") % {"mb": max_unzipped // (1024 * 1024)})


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read one part to its end: XML through defusedxml, anything else searched for a DTD."""
    name = info.filename
    parser = None
    tail = b""
    try:
        with archive.open(info) as part:
            head = part.read(CHUNK)
            if _looks_like_xml(head) and not name.lower().endswith(".vml"):
                # VML (legacy drawings) is HTML-like and often not well-formed: searched only.
                parser = _Scanner(forbid_dtd=True, forbid_entities=True, forbid_external=True)
            chunk = head
            while chunk:
                if parser is not None:
                    parser.feed(chunk)
                else:
                    window = tail + chunk
                    if _MARKUP.search(window) or _MARKUP_UTF16.search(window):
                        raise DTDForbidden(None, None, None)
                    tail = window[-32:]
                chunk = part.read(CHUNK)
            if parser is not None:
                parser.close()
    except (DTDForbidden, EntitiesForbidden):
        raise UnsafeUpload(_("%(part)s に DTD（<!DOCTYPE>）か実体の宣言（<!ENTITY>）が含まれているため"
                             "読み込みません。Office で作ったファイルには含まれないものです。")
                           % {"part": name}, name) from None
    except DefusedXmlException:  # an external entity or another forbidden construct
        raise UnsafeUpload(_("%(part)s に外部の参照が含まれているため読み込みません。")
                           % {"part": name}, name) from None
    except SAXParseException as exc:
        raise UnsafeUpload(_("%(part)s を読めません（%(why)s。%(line)s行目、%(column)s文字目）。") % {
            "part": name, "why": _xml_error(exc.getMessage()),
            "line": f"{exc.getLineNumber():,}", "column": f"{exc.getColumnNumber() + 1:,}"},
            name) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError, struct.error, OverflowError) as exc:
        # CRC mismatch, a part cut short, an unknown compression method, encryption
        raise UnsafeUpload(_("%(part)s を読めません（壊れているか、途中で切れているか、"
                             "暗号化されています）。") % {"part": name}, name) from exc


class _Scanner(DefusedExpatParser):
    """defusedxml's SAX parser that only checks: the content callbacks are left unset, so
    expat reads a part at C speed and calls Python only for what defusedxml forbids."""

    def reset(self):
        super().reset()
        for handler in ("StartElementHandler", "EndElementHandler", "CharacterDataHandler",
                        "ProcessingInstructionHandler", "StartNamespaceDeclHandler",
                        "EndNamespaceDeclHandler"):
            setattr(self._parser, handler, None)


def _looks_like_xml(head: bytes) -> bool:
    """Whether an XML parser would take this part: '<' first (after a BOM and spaces, UTF-8 or
    UTF-16/32), which is how openpyxl and python-docx find what they parse."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.replace(b"\x00", b"").lstrip().startswith(b"<")


_XML_ERRORS = {
    "no element found": gettext_lazy("途中で切れています"),
    "unclosed token": gettext_lazy("途中で切れています"),
    "mismatched tag": gettext_lazy("開始タグと終了タグが対応していません"),
    "not well-formed (invalid token)": gettext_lazy("XML として正しくない文字があります"),
    "junk after document element": gettext_lazy("文書の終わりのあとに余分な内容があります"),
    "syntax error": gettext_lazy("XML の書き方が正しくありません"),
}


def _xml_error(message: str) -> str:
    known = _XML_ERRORS.get(message)
    return str(known) if known else _("XML として正しくありません: %(why)s") % {"why": message}


# --------------------------------------------------------------------------- PDF

MAX_PDF_STREAM = 64 * 1024 * 1024  # one stream, unpacked
MAX_PDF_UNPACKED = 256 * 1024 * 1024  # all streams together
_PDF_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(data: bytes) -> None:
    """Refuse a PDF decompression bomb before the PDF reader (pdfminer) unpacks it whole.

    Every zlib-compressed stream (FlateDecode: page contents, object streams, images) is
    unpacked with a bound, and the file refused when one stream or all of them together
    would pass the limits. A stream that is not zlib data is left to the reader."""
    total = 0
    for match in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        unpacker = zlib.decompressobj()
        try:
            out = unpacker.decompress(data[match.end():end], MAX_PDF_STREAM + 1)
        except zlib.error:
            continue  # another filter (JPEG, …), or encrypted
        total += len(out)
        if len(out) > MAX_PDF_STREAM or total > MAX_PDF_UNPACKED:
            raise UnsafeUpload(_("PDF の中のデータが展開すると大きすぎるため（%(mb)s MB 超）読み込みません。")
                               % {"mb": MAX_PDF_STREAM // (1024 * 1024)})
