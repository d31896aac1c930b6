"""Reading an exported text file whatever encoding the exporting system chose.

Search databases, Teams and Excel write UTF-8 with or without a BOM, UTF-16 (Teams attendance
reports), or Windows-1252. Files that are not text at all (a spreadsheet, a PDF, a web page saved
with the wrong extension) are refused with a message saying what the file seems to be.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from .errors import InputFileError

# What a file is from its first bytes, and what to do instead.
_MAGIC = {
    b"PK\x03\x04": (
        "a zip file (a Word or Excel file, or a zipped folder?)",
        "export it again, or if it is an Excel file that will not open, save it again from Excel",
    ),
    b"%PDF": ("a PDF", "export it again as text"),
    b"\xd0\xcf\x11\xe0": (
        "an old Excel .xls or Word .doc file",
        "open it and save it as .xlsx or CSV",
    ),
    b"\x89PNG": ("a PNG picture", "export it again as text"),
    b"\xff\xd8\xff": ("a JPEG picture", "export it again as text"),
    b"SQLite format 3": ("a SQLite database", "export it again as text"),
}

# C0 and C1 control characters other than tab and newline: they cannot go into a Word
# document's XML and have no business in a name or a title.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_bytes(path: Path, error: type[InputFileError]) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise error(path, "no such file — check the name and folder") from exc
    except IsADirectoryError as exc:
        raise error(path, "is a folder, not a file — name the exported file inside it") from exc
    except OSError as problem:
        raise error(
            path, f"cannot be read ({problem.strerror}) — check it is not open elsewhere"
        ) from problem


def read_text(path: Path, error: type[InputFileError], what: str) -> str:
    """The text of ``path`` with newlines normalised; ``what`` names the expected export."""
    return decode(read_bytes(path, error), path, error, what)


def decode(data: bytes, path: Path, error: type[InputFileError], what: str) -> str:
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:4096].strip(blank) and not data.strip(blank):
        raise error(path, f"the file is empty — expected {what}; save or export it again")
    for magic, (kind, advice) in _MAGIC.items():
        if data.startswith(magic):
            raise error(path, f"this is {kind}, not {what} — {advice}")
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[3:], "utf-8", path, error)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", path, error)
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        text = _decode(data, "utf-16-le", path, error)  # UTF-16 saved without its BOM
    elif len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] != 0:
        text = _decode(data, "utf-16-be", path, error)
    elif b"\x00" in data:
        raise error(path, f"this is a binary file, not {what} — export it again as text")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Not all UTF-8: decide line by line, so one pasted Windows line does not garble
            # the accents of every other.
            text = "\n".join(map(_line, data.split(b"\n")))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text[:1000].lstrip().lower().startswith(("<!doctype html", "<html")):
        raise error(
            path,
            f"this is a web page (perhaps a login page saved by mistake), not {what} — "
            "export the file again from the database",
        )
    return text


def lines(text: str) -> Iterator[str]:
    """``text.split("\n")``, a piece at a time.

    A 20 MB export split at once makes 30 MB of line objects that all live until the last line
    is read; in pieces of 64 KB the same memory is used again and again, and the import spends
    less time asking the system for new pages than reading.
    """
    return chain.from_iterable(piece.split("\n") for piece in _pieces(text))


def _pieces(text: str) -> Iterator[str]:
    start, end = 0, len(text)
    while start <= end:
        stop = text.find("\n", start + 65536)
        if stop == -1:
            stop = end
        yield text[start:stop]
        start = stop + 1


def _line(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows programs write cp1252; latin-1 accepts the few bytes cp1252 lacks.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _decode(data: bytes, encoding: str, path: Path, error: type[InputFileError]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as problem:
        raise error(
            path,
            f"not valid {encoding.upper()} text (bad byte at position {problem.start}) — "
            "the file may be damaged or cut short; export it again",
        ) from problem


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def printable(text: str) -> bool:
    """``text.isprintable()``, six times quicker for ASCII text (an abstract, usually):
    str.isprintable looks each character up in the Unicode tables, even plain ASCII."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def clean(value: object) -> str:
    """Tidy one text value: NFC, no control characters, single spaces, no outer space."""
    if value.__class__ is not str:
        if value is None:
            return ""
        value = str(value)
    # Most values are plain ASCII with nothing to normalise or strip (an import asks 200,000
    # times): isascii() costs nothing, isprintable() one pass in C.
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    if not printable(value):  # tabs, newlines or control characters
        return " ".join(_CONTROL.sub("", value).split())
    if "  " in value or value[:1] == " " or value[-1:] == " ":
        return " ".join(value.split())
    return value


_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Apostrophes vanish (O'Neill = ONeill); other ASCII punctuation becomes a space. A bytes
# table: bytes.translate is a plain lookup, str.translate a dictionary call per character.
_ASCII_FOLD = bytes.maketrans(
    bytes(range(128)),
    bytes(c if chr(c).isalnum() else 32 for c in range(128)),
)


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: 'Zoë's "Study".' → 'zoes study'."""
    if text.isascii():
        return " ".join(text.lower().encode().translate(_ASCII_FOLD, b"'`").decode().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("’", ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NOT_WORD.sub(" ", plain.replace("'", "").replace("`", "")).strip()
