"""Reading a report's bytes: a text file (UTF-8, UTF-8 with BOM, UTF-16, cp932) or a PDF."""

from __future__ import annotations

import io
import re

MAX_BYTES = 5 * 1024 * 1024  # the web upload's limit; the command allows more
MAX_PDF_PAGES = 500


class ReportError(ValueError):
    """The file cannot be read at all; the message is Japanese and shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, truncated): UTF-8 with BOM, UTF-8, UTF-16 with BOM, then cp932."""
    if not data:
        raise ReportError("ファイルが空です。")
    truncated = False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16")), "utf-16", False
        except UnicodeDecodeError:
            raise ReportError("UTF-16 のファイルとして読み取れません（途中で切れているか壊れています）。"
                              ) from None
    if b"\x00" in data[:200_000]:  # no text file but UTF-16 holds NUL: a zip, an image, ...
        _check_text("\x00")
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    body = data[3:] if encoding == "utf-8-sig" else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(body) - 3:
            # Cut in the middle of the last character: read what is there, and say so.
            text, truncated = body[:exc.start].decode("utf-8"), True
        elif encoding == "utf-8-sig":
            raise ReportError(
                f"BOM付きUTF-8のファイルですが、{exc.start + 4}バイト目以降をUTF-8として読み取れません。"
            ) from None
        else:
            try:
                text, encoding = data.decode("cp932"), "cp932"
            except UnicodeDecodeError:
                raise ReportError(
                    "文字コードを判定できません。UTF-8（BOM付き可）または Shift_JIS（cp932）の"
                    "テキストファイル、または PDF を指定してください。") from None
    return _check_text(text), encoding, truncated


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text[:200_000]))
    if "\x00" in text or controls > max(3, len(text[:200_000]) // 200):
        raise ReportError("テキストとして読み取れません（バイナリファイルの可能性があります）。"
                          "報告書から取り出したテキスト（.txt）か PDF を指定してください。")
    return text


def pdf_text(data: bytes) -> str:
    """The text of every page, through pdfplumber (which parses; it never runs anything)."""
    import pdfplumber

    from shisaku.core.uploads import UnsafeUpload, check_pdf_streams

    try:
        check_pdf_streams(data)  # a decompression bomb, before pdfminer unpacks it whole
    except UnsafeUpload as exc:
        raise ReportError(exc.message) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReportError(f"PDFのページ数が多すぎます（{MAX_PDF_PAGES}ページまで）。")
            pages = [page.extract_text() or "" for page in pdf.pages]
    except ReportError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        raise ReportError("PDFを読み取れません（壊れているか、途中で切れているか、"
                          "暗号化されている可能性があります）。") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReportError("PDFに文字が含まれていません（画像だけのPDFは読み取れません）。")
    return text


def read_bytes(data: bytes, max_bytes: int | None = MAX_BYTES) -> tuple[str, str, str, bool]:
    """(text, source kind "text"/"pdf", encoding, truncated) of an uploaded file."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ReportError(f"ファイルが大きすぎます（上限 {max_bytes // (1024 * 1024)}MB）。")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return pdf_text(data), "pdf", "", False
    text, encoding, truncated = decode(data)
    return text, "text", encoding, truncated

