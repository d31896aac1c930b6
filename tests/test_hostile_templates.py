"""Templates edited into something hostile: linked pictures, attached templates, fetching
fields, altChunks, macros, and expressions that would hang. Each is refused naming the
template and what to do; nothing is written, and no document reaches outside itself."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinggroups import TemplateError
from readinggroups.documents import render
from readinggroups.documents.render import template_path

from .commands import run
from .test_documents import edit_template

SHIPPED = "reflective_account.docx"


def _own_template(workspace, change) -> None:
    """The workspace's own reflective account template, its zip parts passed through
    ``change(parts)`` (a dict name → bytes, changed in place)."""
    with zipfile.ZipFile(template_path(SHIPPED)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    change(parts)
    own = workspace.root / "templates"
    own.mkdir(exist_ok=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (own / SHIPPED).write_bytes(out.getvalue())


def _add_relationship(kind: str, target: str):
    def change(parts):
        rels = "word/_rels/document.xml.rels"
        relation = (
            f'<Relationship Id="rIdHostile" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/{kind}" Target="{target}" TargetMode="External"/>'
        )
        parts[rels] = parts[rels].replace(
            b"</Relationships>", relation.encode() + b"</Relationships>"
        )

    return change


def _add_to_body(xml: str):
    def change(parts):
        body = parts["word/document.xml"]
        parts["word/document.xml"] = body.replace(b"</w:body>", xml.encode() + b"</w:body>", 1)

    return change


def _add_part(name: str, data: bytes):
    def change(parts):
        parts[name] = data

    return change


FIELD = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' {word} "{target}" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _add_relationship("image", "http://tracker.example/logo.png"),
            "links its picture from outside (http://tracker.example",
        ),
        (
            _add_relationship("image", "file:///etc/passwd"),
            "links its picture from outside (file:///etc/passwd)",
        ),
        (
            _add_relationship("attachedTemplate", "file://server/share/normal.dotm"),
            "links its attached template from outside",
        ),
        (
            _add_to_body(FIELD.format(word="INCLUDEPICTURE", target="http://x.example/a.png")),
            "has a INCLUDEPICTURE field",
        ),
        (
            _add_to_body(FIELD.format(word="INCLUDETEXT", target="/etc/hostname")),
            "has a INCLUDETEXT field",
        ),
        (_add_to_body('<w:altChunk r:id="rIdChunk"/>'), "altChunk"),
        (_add_relationship("aFChunk", "chunk.html"), "altChunk"),
        (_add_part("word/vbaProject.bin", b"macros"), "holds macros"),
    ],
    ids=[
        "http-picture",
        "file-picture",
        "attached-template",
        "includepicture",
        "includetext",
        "altchunk",
        "html-altchunk",
        "macros",
    ],  # fmt: skip
)
def test_a_template_that_reaches_outside_is_refused(workspace, attended, change, message):
    _own_template(workspace, change)
    folder = workspace.root / "output" / "forms" / f"session-{attended.id}"
    shown = run("-w", str(workspace.root), "forms", str(attended.id), ok=False)
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert f"{SHIPPED}: " in shown.stderr and message in shown.stderr, shown.stderr
    assert len(shown.stderr.strip().splitlines()) == 1
    assert not list(folder.glob("*.docx")) if folder.exists() else True


def test_a_link_in_the_text_is_still_fine(workspace, attended):
    _own_template(workspace, _add_relationship("hyperlink", "https://www.nmc.org.uk/revalidation/"))
    assert workspace.make_forms(attended.id)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ 9 ** 999999 }}", "not allowed"),
        ("{{ 'x' * 10 ** 9 }}", "not allowed"),
        (
            "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}",
            "took over 1 seconds",
        ),
    ],
    ids=["power", "repeat", "nested-loops"],
)
def test_an_expression_that_would_hang_is_stopped(workspace, attended, monkeypatch, line, message):
    monkeypatch.setattr(render, "RENDER_SECONDS", 1)
    edit_template(workspace, line)
    with pytest.raises(TemplateError, match=message):
        workspace.make_forms(attended.id)


JINJA_BITS = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "name", "for", "in", "endfor", "if", "endif", "|",
     "upper", "wordwrap", "**", "*", "9", "'x'", ".", "__class__", "[", "]", "(", ")", " "]
)  # fmt: skip


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    line=st.lists(
        JINJA_BITS | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
        max_size=14,
    ).map("".join)
)
def test_any_line_added_to_a_template_fills_in_or_is_one_error(workspace, attended, line):
    edit_template(workspace, line)
    try:
        workspace.make_forms(attended.id)
    except TemplateError as error:
        assert str(error).startswith(f"{SHIPPED}: ") and "\n" not in str(error).strip()
