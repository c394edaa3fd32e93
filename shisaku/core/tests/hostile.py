"""A corpus of hostile files, generated in code (no binary fixtures); this module holds no tests.

`office_corpus(base)` turns a valid .xlsx (or .docx) into every attack on an Office importer;
`text_corpus()` gives what a text importer must refuse. Each entry is (label, bytes, expected):
`expected` is a phrase the refusal must contain.
"""

import functools
import io
import struct
import zipfile
import zlib

SHEET = "xl/worksheets/sheet1.xml"
DTD = b'<!DOCTYPE worksheet [<!ENTITY injected "INJECTED-BY-DTD">]>'
BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>")
EXTERNAL = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
EXTERNAL_DTD = b'<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/evil.dtd">'
PARAMETER = b'<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
DTD_WORDS = "DTD（<!DOCTYPE>）"
GiB = 1024 ** 3
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return out.getvalue()


def with_part(data: bytes, name: str, body: bytes) -> bytes:
    return rezip({**parts(data), name: body})


def _prolog_split(xml: bytes) -> tuple[bytes, bytes]:
    """(XML declaration, the rest) so that a DTD can go where XML allows one."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end], xml[end:]
    return b"", xml


def with_doctype(data: bytes, doctype: bytes, *, part: str = SHEET, padding: int = 0,
                 use: bytes = b"") -> bytes:
    """The part with a DTD after its declaration (and after a comment of `padding` bytes);
    `use` (an entity reference) goes into the first inline string or value of the part."""
    declaration, rest = _prolog_split(parts(data)[part])
    comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
    if use and b"<v>" in rest:
        rest = rest.replace(b"<v>", b"<v>" + use, 1)
    return with_part(data, part, declaration + comment + doctype + rest)


def truncated_part(data: bytes, part: str = SHEET) -> bytes:
    body = parts(data)[part]
    return with_part(data, part, body[: len(body) // 2])


def utf16_with_dtd(data: bytes, part: str = SHEET) -> bytes:
    _declaration, rest = _prolog_split(parts(data)[part])
    text = '<?xml version="1.0" encoding="UTF-16"?>' + DTD.decode() + rest.decode("utf-8")
    return with_part(data, part, text.encode("utf-16"))


def dtd_in_an_unlisted_part(data: bytes) -> bytes:
    """A part that no relationship names, with a name that does not say XML."""
    return with_part(data, "xl/media/image9.bin", b"GIF89a \x00\x01<!DOCTYPE x [<!ENTITY a 'b'>]>")


def zip_bomb(data: bytes, size: int = GiB) -> bytes:
    """The file plus an honest part of `size` zero bytes (1 GB packs to about 1 MB).

    One megabyte of zeros is deflated once, ending on a full flush (byte-aligned, no shared
    dictionary), so the same block repeated is a valid stream: no 1 GB ever exists in memory."""
    raw, crc, claimed = _zeros(size)
    return _raw_archive(parts(data), "xl/media/zeros.bin", raw, crc, claimed)


@functools.cache
def _zeros(size: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, size) of `size` zero bytes, in whole megabytes."""
    zeros = b"\0" * (1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(zeros)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    return block * count + b"\x03\x00", crc, count * len(zeros)  # + an empty final block


def lying_zip_bomb(data: bytes) -> bytes:
    """A worksheet of 20 MB of spaces whose headers claim 1 KB: zipfile must stop and fail."""
    files = parts(data)
    declaration, rest = _prolog_split(files.pop(SHEET))
    huge = declaration + b" " * (20 * 1024 * 1024) + rest
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packed.compress(huge) + packed.flush()
    return _raw_archive(files, SHEET, raw, zlib.crc32(huge), claimed=1024)


def _raw_archive(files: dict[str, bytes], name: str, raw: bytes, crc: int, claimed: int) -> bytes:
    """A zip of `files` plus `name` holding deflate data `raw`, declared as `claimed` bytes."""
    out = io.BytesIO()
    central = []
    entries = [(n, zlib.compress(b, 9)[2:-4], zlib.crc32(b), len(b)) for n, b in files.items()]
    entries.append((name, raw, crc, claimed))
    for filename, packed, checksum, size in entries:
        offset = out.tell()
        encoded = filename.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, checksum,
                              len(packed), size, len(encoded), 0) + encoded + packed)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21,
                                   checksum, len(packed), size, len(encoded), 0, 0, 0, 0, 0,
                                   offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          len(directory), start, 0))
    return out.getvalue()


def many_parts(data: bytes, count: int = 3_000) -> bytes:
    files = parts(data)
    files.update({f"xl/media/empty{i}.bin": b"" for i in range(count)})
    return rezip(files)


def macro_workbook(data: bytes) -> bytes:
    return with_part(data, "xl/vbaProject.bin", b"\0" * 64)


def a_word_document() -> bytes:
    return rezip({"[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
                  "word/document.xml": b'<?xml version="1.0"?><document/>'})


def office_corpus(base: bytes) -> list[tuple[str, bytes, str]]:
    """Every attack on an Office importer, made from a valid file `base` (.xlsx)."""
    pad = 5 * 1024
    return [
        ("empty", b"", "空"),
        ("truncated worksheet XML", truncated_part(base), f"{SHEET} を読めません（途中で切れています"),
        ("DTD at offset 0", with_doctype(base, DTD, use=b"&injected;"), f"{SHEET} に {DTD_WORDS}"),
        ("DTD after a 5 KB comment", with_doctype(base, DTD, padding=pad, use=b"&injected;"),
         f"{SHEET} に {DTD_WORDS}"),
        ("DTD in the relationships", with_doctype(base, DTD, part="_rels/.rels"),
         f"_rels/.rels に {DTD_WORDS}"),
        ("DTD in a UTF-16 part", utf16_with_dtd(base), f"{SHEET} に {DTD_WORDS}"),
        ("DTD in a part no one names", dtd_in_an_unlisted_part(base),
         f"xl/media/image9.bin に {DTD_WORDS}"),
        ("billion laughs", with_doctype(base, BILLION_LAUGHS, use=b"&lol9;"),
         f"{SHEET} に {DTD_WORDS}"),
        ("external entity", with_doctype(base, EXTERNAL, padding=pad, use=b"&xxe;"),
         f"{SHEET} に {DTD_WORDS}"),
        ("external DTD", with_doctype(base, EXTERNAL_DTD), f"{SHEET} に {DTD_WORDS}"),
        ("parameter entity", with_doctype(base, PARAMETER), f"{SHEET} に {DTD_WORDS}"),
        ("zip bomb: 1 GB of zeros", zip_bomb(base), "展開後の大きさが上限"),
        ("zip bomb with false sizes", lying_zip_bomb(base), f"{SHEET} を読めません"),
        ("too many parts", many_parts(base), "部品が多すぎます"),
        ("truncated zip", base[: len(base) // 2], "途中で切れている"),
        ("macros", macro_workbook(base), "マクロを含むファイル"),
        ("an .xls", OLE_MAGIC + b"\0" * 4096, "古い形式のファイル"),
        ("a PDF renamed", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "PDF ファイルです"),
        ("a text file renamed", "業種,2016\n製造業,3034\n".encode("cp932"), "ファイルの形式が違います"),
        ("a Word document", a_word_document(), "中身の構成が違います"),
    ]


def pdf_bomb(size: int = GiB) -> bytes:
    """A one-page PDF whose page content is `size` zero bytes, packed (1 GB in about 1 MB)."""
    raw, _crc, claimed = _zeros(size)
    adler = 1
    zeros = b"\0" * (1024 * 1024)
    for _ in range(claimed // len(zeros)):
        adler = zlib.adler32(zeros, adler)
    stream = b"\x78\xda" + raw + struct.pack(">L", adler)  # zlib format, as FlateDecode wants
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def text_corpus() -> list[tuple[str, bytes, str]]:
    """What a text importer (UTF-8, BOM, UTF-16, Shift_JIS, or PDF) must refuse."""
    return [
        ("empty", b"", "ファイルが空です"),
        ("only blank lines", b"\n \r\n\t\n", "事業シートが1件も見つかりません"),
        ("Latin-1 text", "Rapport annuel: café, résumé à côté\n".encode("latin-1") * 20,
         "文字コードを判定できません"),
        ("EUC-JP text", "令和3年度 中小企業活性化施策実施状況報告書\n".encode("euc-jp") * 20,
         "文字コードを判定できません"),
        ("UTF-16 cut in a character", "報告書\n".encode("utf-16")[:-1], "UTF-16"),
        ("random binary", bytes(range(256)) * 64, "バイナリファイル"),
        ("binary with NUL bytes", b"\x00\x01report\x00" * 500, "バイナリファイル"),
        ("an .xlsx renamed", rezip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
         "バイナリファイル"),
        ("a PDF cut short", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDFを読み取れません"),
        ("a PDF bomb: 1 GB of zeros as page content", pdf_bomb(), "展開すると大きすぎる"),
    ]
