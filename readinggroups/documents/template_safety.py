"""What a Word template must not carry into every nurse's document.

A template is a document anyone can edit in Word, and whatever it holds is copied into each
form, CPD record and certificate (and, with --pdf, opened by LibreOffice). So a template is
refused when it would make those documents reach outside themselves: a picture linked from a
web address or a file (`--pdf` would fetch it and put it in every PDF), an attached template
or a linked object, a field that fetches (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE), an imported
chunk of HTML or another document (altChunk), or macros. Ordinary links in the text, which
only open when a reader clicks them, are fine.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..errors import TemplateError

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CLICKED = ("/hyperlink",)  # external targets a reader opens by choice
_FETCHING_FIELD = re.compile(
    r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT|INCLUDE)\b", re.IGNORECASE
)
_INSTRUCTIONS = re.compile(rb"<w:instrText[^>]*>(.*?)</w:instrText>|w:instr=\"([^\"]*)\"", re.S)
_MAX_PART = 50_000_000  # bytes: a template's XML is a few hundred kilobytes


def check_template(data: bytes, template: Path) -> None:
    """Refuse ``template`` (its bytes ``data``) if it holds anything the module describes;
    a TemplateError saying what, and what to do in Word."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: opening it says so in its own words
    names = {part.filename for part in parts}
    if sum(part.file_size for part in parts) > 4 * _MAX_PART:
        _refuse(template, "unzips to far more than any Word document")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        _refuse(template, "holds macros, which a template must not")
    for name in sorted(names):
        if name.endswith(".rels"):
            _check_relationships(archive.read(name), template)
    for name in sorted(names):
        if name.startswith("word/") and name.endswith(".xml"):
            xml = archive.read(name)
            for match in _INSTRUCTIONS.finditer(xml):
                instruction = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace")
                found = _FETCHING_FIELD.search(instruction)
                if found:
                    _refuse(
                        template,
                        f"has a {found.group(1).upper()} field, which fetches a picture or text "
                        "from outside into every document — delete the field in Word (Alt+F9 "
                        "shows fields) and insert the picture or text itself",
                    )
            if b"altChunk" in xml:
                _refuse(
                    template,
                    "imports a chunk of another document or of HTML (altChunk), which Word "
                    "and LibreOffice read differently — paste the text in as text instead",
                )


def _check_relationships(xml: bytes, template: Path) -> None:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        _refuse(template, "has damaged relationship parts — save it again from Word")
    for relation in root.iter(_RELS):
        kind = relation.get("Type", "")
        if kind.endswith("/aFChunk"):
            _refuse(
                template,
                "imports a chunk of another document or of HTML (altChunk) — paste the text "
                "in as text instead",
            )
        if relation.get("TargetMode") == "External" and not kind.endswith(_CLICKED):
            what = kind.rsplit("/", 1)[-1]
            target = relation.get("Target", "")
            shown = target if len(target) <= 80 else target[:77] + "..."
            _refuse(
                template,
                f"links its {_WHAT.get(what, what)} from outside ({shown}), which would be "
                "fetched into every nurse's document — in Word insert the picture itself "
                "(not as a link) or remove the link, or copy a fresh template",
            )


_WHAT = {
    "image": "picture",
    "attachedTemplate": "attached template",
    "oleObject": "embedded object",
    "subDocument": "sub-document",
    "frame": "frame",
}


def _refuse(template: Path, problem: str) -> None:
    raise TemplateError(f"{template.name}: {problem}")
