"""One Word template filled in for many people: rendered once, then copied with each person's text.

A session's forms differ only in a few words: the name, the PIN, the minutes attended. Rendering
the template with docxtpl for every nurse repeats the same work hundreds of times, so a batch
renders it once with a marker in place of each personal field, cuts each XML part at the markers,
and writes every person's document by joining the pieces with their (escaped) values. Parts
without a marker are compressed once and copied as they are.

The shortcut is checked, not trusted: the first person's document is also rendered the ordinary
way, and if the two differ (a template that uses a personal field in a condition or a filter,
say) every document is rendered the ordinary way.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..files import write_atomically
from .render import render, render_bytes


def _marker(name: str) -> str:
    # Brackets no template uses and Jinja, XML escaping and Word leave alone.
    return f"\u2045rg:{name}\u2046"


@dataclass
class _Part:
    """A file inside the .docx: compressed once, or pieces to join with personal values."""

    name: bytes
    stored: tuple[bytes, int, int] | None = None  # compressed data, CRC-32, size
    pieces: list[bytes | str] | None = None  # literal bytes, and field names between them


class Batch:
    """``template`` filled with ``shared`` values and, per person, the fields in ``personal``."""

    def __init__(
        self,
        template: Path,
        shared: Mapping[str, object] | Callable[[object], Mapping[str, object]],
        personal: Sequence[str],
        *,
        ticks: dict[str, bool] | None = None,
    ) -> None:
        self.template, self.shared, self.personal, self.ticks = template, shared, personal, ticks
        self._parts: list[_Part] | None = None
        self._checked = False
        self._shortcut = True

    def write(self, values: Mapping[str, str], out: Path) -> Path:
        """Write one person's document to ``out`` (atomically)."""
        if not self._checked:
            return self._first(values, out)
        if not self._shortcut or any(_needs_render(v) for v in values.values()):
            return render(self.template, self._context(values), out, ticks=self.ticks)
        write_atomically(out, self._assemble(values))
        return out

    def _context(self, values: Mapping[str, str]):
        """The whole context for docxtpl: shared values (perhaps needing the template) + these."""
        if callable(self.shared):
            return lambda document: {**self.shared(document), **values}
        return {**self.shared, **values}

    def _first(self, values: Mapping[str, str], out: Path) -> Path:
        self._checked = True
        if not _only_shown(self.template, self.personal):
            self._shortcut = False
            return render(self.template, self._context(values), out, ticks=self.ticks)
        markers = {name: _marker(name) for name in self.personal}
        blank = render_bytes(self.template, self._context(markers), ticks=self.ticks)
        self._parts = _cut(blank, markers)
        expected = render(self.template, self._context(values), out, ticks=self.ticks)
        self._shortcut = not any(_needs_render(v) for v in values.values()) and _same_content(
            self._assemble(values), out.read_bytes()
        )
        return expected

    def _assemble(self, values: Mapping[str, str]) -> bytes:
        # Escaped as the XML library that saves the ordinary render escapes text: & < > only.
        text = {name: escape(values[name]).encode() for name in self.personal}
        entries = []
        assert self._parts is not None, "_first() cuts the template before any _assemble()"
        for part in self._parts:
            if part.stored is not None:
                entries.append((part.name, *part.stored))
                continue
            data = b"".join(p if isinstance(p, bytes) else text[p] for p in part.pieces or ())
            entries.append(
                (part.name, zlib.compress(data, 6, wbits=-15), zlib.crc32(data), len(data))
            )
        return _zip(entries)


def _only_shown(template: Path, personal: Sequence[str]) -> bool:
    """Whether the template only ever shows the personal fields, as a bare ``{{ name }}``.

    Anything else (``{% if name == ... %}``, ``{{ name|upper }}``, a loop over it) makes a
    person's document more than their text in the marker's place.
    """
    from jinja2 import nodes

    from .render import _environment, template_source

    try:
        tree = _environment().parse(template_source(template))
    except Exception:  # a broken template: the ordinary render names what is wrong
        return False
    shown = {
        id(child)
        for output in tree.find_all(nodes.Output)
        for child in output.nodes
        if isinstance(child, nodes.Name)
    }
    return all(id(name) in shown for name in tree.find_all(nodes.Name) if name.name in personal)


def _needs_render(value: object) -> bool:
    # docxtpl turns tabs, newlines and form feeds into Word breaks: leave those to it.
    return not isinstance(value, str) or any(c in value for c in "\t\n\a\f\r")


def _cut(document: bytes, markers: Mapping[str, str]) -> list[_Part]:
    found = {marker.encode(): name for name, marker in markers.items()}
    parts = []
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if not any(marker in data for marker in found):
                parts.append(
                    _Part(
                        info.filename.encode(),
                        stored=(zlib.compress(data, 6, wbits=-15), zlib.crc32(data), len(data)),
                    )
                )
                continue
            pieces: list[bytes | str] = [data]
            for marker, name in found.items():
                split: list[bytes | str] = []
                for piece in pieces:
                    if isinstance(piece, str):
                        split.append(piece)
                        continue
                    chunks = piece.split(marker)
                    for index, chunk in enumerate(chunks):
                        if index:
                            split.append(name)
                        split.append(chunk)
                pieces = split
            parts.append(_Part(info.filename.encode(), pieces=pieces))
    return parts


def _same_content(one: bytes, other: bytes) -> bool:
    """Whether two .docx files hold the same parts, XML compared as XML (`<w:t></w:t>` and
    `<w:t/>` are the same empty text)."""
    with zipfile.ZipFile(io.BytesIO(one)) as a, zipfile.ZipFile(io.BytesIO(other)) as b:
        names = [i.filename for i in a.infolist()]
        if names != [i.filename for i in b.infolist()]:
            return False
        return all(canonical(a.read(name)) == canonical(b.read(name)) for name in names)


def canonical(data: bytes) -> bytes:
    """XML in canonical form (other parts as they are)."""
    if not data.lstrip().startswith(b"<"):
        return data
    from lxml import etree

    return etree.tostring(etree.fromstring(data), method="c14n")


def _zip(entries: list[tuple[bytes, bytes, int, int]]) -> bytes:
    """A zip archive of already-deflated members: (name, data, CRC-32, uncompressed size).

    The standard library can only write members by compressing them itself; this writes the
    plain zip layout (local headers, then the central directory) that Word and LibreOffice read.
    """
    stamp = dt.datetime.now()
    time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    date = ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day
    out = io.BytesIO()
    directory = []
    for name, data, crc, size in entries:
        offset = out.tell()
        common = struct.pack("<HHHHHIII", 20, 0, 8, time, date, crc, len(data), size)
        out.write(b"PK\x03\x04" + common + struct.pack("<HH", len(name), 0) + name + data)
        directory.append(
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + common
            + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset)
            + name
        )
    start = out.tell()
    listing = b"".join(directory)
    out.write(listing)
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(listing), start, 0)
    )
    return out.getvalue()
