"""Rendering the Word templates with docxtpl: checked, escaped, sandboxed, written atomically."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TemplateError
from ..files import write_atomically

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

PACKAGE_TEMPLATES = "templates"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def template_path(name: str, own_templates: Path | None = None) -> Path:
    """The library's own copy of a template (in ``own_templates``) if it has one, else the
    shipped one."""
    if own_templates is not None:
        own = own_templates / name
        if own.is_file():
            return own
    shipped = resources.files("readinggroups") / PACKAGE_TEMPLATES / name
    if shipped.is_file():  # an installed wheel carries the templates inside the package
        return Path(str(shipped))
    source = Path(__file__).resolve().parents[2] / PACKAGE_TEMPLATES / name  # a source checkout
    if source.is_file():
        return source
    raise TemplateError(f"the template {name} is missing — reinstall readinggroups")


def shipped_templates() -> list[Path]:
    """The Word templates that come with readinggroups."""
    names = ("session_pack.docx", "reflective_account.docx", "cpd_log_entry.docx")
    others = ("certificate.docx", "cpd_log.docx", "poster.docx")
    return [template_path(name) for name in (*names, *others)]


# Bounds on filling in one template: far beyond any real one, well short of a hang.
RENDER_SECONDS = 60
MAX_DOCUMENT_BYTES = 100_000_000
_MAX_REPEAT = 1_000_000  # items or characters a `*` may make
_MAX_POWER = 1_000  # an exponent


class _TooSlow(Exception):
    pass


def _environment():
    """The sandbox the Word templates are filled in with (values XML-escaped)."""
    return sandbox(autoescape=True)


@cache
def sandbox(*, autoescape: bool, trim_blocks: bool = False):
    # Templates are documents anyone can edit, so they get Jinja's sandbox: no attribute access
    # to Python internals, no calling arbitrary methods. A misspelt field, even after a dot
    # ({{ a.abstrct }}), is an error rather than a blank; and no helpers such as lipsum.
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class Bounded(SandboxedEnvironment):
        """The sandbox, and no expression that would take hours or fill the memory:
        ``9 ** 9 ** 9``, ``"x" * 10 ** 9``."""

        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, int | float) and abs(right) > _MAX_POWER:
                raise SecurityError(f"a power of {right} is far beyond any document's needs")
            if operator == "*":
                for times, seq in ((left, right), (right, left)):
                    if (
                        isinstance(times, int)
                        and isinstance(seq, str | list | tuple)
                        and times * len(seq) > _MAX_REPEAT
                    ):
                        raise SecurityError("a repeat that long is beyond any document")
            return super().call_binop(context, operator, left, right)

    environment = Bounded(autoescape=autoescape, undefined=StrictUndefined, trim_blocks=trim_blocks)
    environment.globals.clear()
    return environment


class _time_limit:
    """Stop filling in a template that runs past ``seconds`` (a loop within a loop over a
    long text): where the process can be told (the main thread, on Linux and macOS)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False

    def __enter__(self) -> None:
        import signal
        import threading

        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def _expired(self, *_: object) -> None:
        raise _TooSlow

    def __exit__(self, *_: object) -> None:
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def render(
    template: Path,
    context: Mapping[str, object] | Callable[[DocxTemplate], Mapping[str, object]],
    out: Path,
    *,
    ticks: dict[str, bool] | None = None,
) -> Path:
    """Fill ``template`` with ``context`` and write it to ``out`` atomically.

    Every value is XML-escaped, so a name such as ``<b>Okafor</b>`` appears literally.
    ``context`` may be a function of the template, for values such as links that need it.
    ``ticks`` sets the check boxes tagged ``theme:<key>``.
    """
    write_atomically(out, render_bytes(template, context, ticks=ticks))
    return out


def render_bytes(
    template: Path,
    context: Mapping[str, object] | Callable[[DocxTemplate], Mapping[str, object]],
    *,
    ticks: dict[str, bool] | None = None,
) -> bytes:
    """The filled-in document, as the bytes of a .docx file (see render)."""
    document = _open(template)
    values = dict(context(document) if callable(context) else context)
    try:
        unknown = document.get_undeclared_template_variables(_environment()) - set(values)
    except Exception as problem:  # Jinja's syntax errors from an edited template
        raise TemplateError(_broken(template, problem)) from problem
    if unknown:
        raise TemplateError(
            f"{template.name}: unknown field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join('{{ ' + name + ' }}' for name in sorted(unknown))} — correct the spelling "
            "in Word or copy a fresh template"
        )
    try:
        with _time_limit(RENDER_SECONDS):
            document.render(values, _environment(), autoescape=True)
    except (Exception, _TooSlow) as problem:  # Jinja syntax or sandbox errors, or a hang
        raise TemplateError(_broken(template, problem)) from problem
    if ticks:
        set_ticks(document.docx, ticks, template.name)
    describe_images(document.docx, str(values.get("logo_alt") or "Logo"))
    buffer = io.BytesIO()
    document.save(buffer)
    if buffer.tell() > MAX_DOCUMENT_BYTES:
        raise TemplateError(
            f"{template.name}: filled in, it is {buffer.tell() / 1e6:,.0f} MB, far more than any "
            "document — check the {% for %} loops added to it, or copy a fresh template"
        )
    return buffer.getvalue()


def _open(template: Path) -> DocxTemplate:
    import zipfile

    from docx.opc.exceptions import OpcError
    from docxtpl import DocxTemplate

    from .template_safety import check_template

    try:
        data = template.read_bytes()
    except OSError as problem:
        raise TemplateError(f"{template}: cannot be read ({problem.strerror})") from problem
    check_template(data, template)
    try:
        document = DocxTemplate(io.BytesIO(data))
        document.init_docx()  # docxtpl opens lazily; a broken file should fail here, named
        return document
    except OSError as problem:
        raise TemplateError(f"{template}: cannot be read ({problem.strerror})") from problem
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError) as problem:
        raise TemplateError(
            f"{template}: not a Word document ({problem}) — save it again from Word as .docx, "
            "or delete it to use the template that comes with readinggroups"
        ) from problem


def _broken(template: Path, problem: Exception) -> str:
    """What is wrong with an edited template, in words the person who edited it can act on."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    if isinstance(problem, _TooSlow):
        return (
            f"{template.name}: filling it in took over {RENDER_SECONDS} seconds — a {{% for %}} "
            "loop or expression in it runs far too long; check what was added, or copy a fresh "
            "template (`readinggroups templates copy --force`)"
        )
    if isinstance(problem, SecurityError):
        return (
            f"{template.name}: an expression in it is not allowed ({problem}) — check the "
            "fields added to it, or copy a fresh template"
        )
    if isinstance(problem, UndefinedError):
        return (
            f"{template.name}: unknown field ({problem.message}) — correct the spelling in "
            "Word or copy a fresh template (`readinggroups templates copy --force`)"
        )
    if isinstance(problem, TemplateSyntaxError):
        return (
            f"{template.name}: a field or {{% ... %}} tag is not written correctly "
            f"({problem.message}) — check every {{{{ and {{% has its closing }}}} or %}}, or "
            "copy a fresh template"
        )
    return f"{template.name}: cannot be filled in ({type(problem).__name__}: {problem})"


def template_source(template: Path) -> str:
    """The Jinja source docxtpl makes of a template (body, headers and footers), as it reads it
    to find the template's fields."""
    from docx.oxml import parse_xml

    document = _open(template)
    docx = document.docx
    xml = document.patch_xml(document.xml_to_string(docx.element.body))
    for relation in docx.part.rels.values():
        if relation.reltype in (document.HEADER_URI, document.FOOTER_URI):
            xml += document.patch_xml(document.xml_to_string(parse_xml(relation.target_part.blob)))
    return xml


def add_link(document, rich, text: str, url: str, **style) -> None:
    """Add ``text`` linking to ``url`` to the RichText ``rich`` of the template ``document``."""
    # Underlined as well as coloured: a link must not be told by colour alone.
    rich.add(text, url_id=document.build_url_id(url), underline=True, color="1F4E79", **style)


def describe_images(document, text: str) -> None:
    """Alt text for every picture that has none (the logo): screen readers read it out."""
    from docx.oxml.ns import qn

    for properties in document.element.body.iter(qn("wp:docPr")):
        if not properties.get("descr"):
            properties.set("descr", text)


def set_ticks(document, ticks: dict[str, bool], template_name: str = "the template") -> None:
    """Tick or clear the Code themes' check boxes (Word check-box content controls).

    A box is known by its ``theme:<key>`` tag, or, in a template saved by LibreOffice (which
    drops tags), by the theme's name beside it. A theme with no box is an error: a form that
    cannot show it would lose part of the NMC's question 4 without a word.
    """
    from docx.oxml.ns import qn

    from .. import nmc
    from ..textfile import fold

    titles = {fold(theme.title): theme.key for theme in nmc.THEMES}
    found = set()
    for sdt in document.element.body.iter(qn("w:sdt")):
        state = sdt.find(f"{qn('w:sdtPr')}/{{{W14}}}checkbox/{{{W14}}}checked")
        if state is None:
            continue
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        value = tag.get(qn("w:val"), "") if tag is not None else ""
        if value.startswith("theme:"):
            key = value.split(":", 1)[1]
        else:
            beside = fold("".join(t.text or "" for t in sdt.getparent().iter(qn("w:t"))))
            key = next((k for title, k in titles.items() if title in beside), None)
        if key not in ticks:
            continue
        found.add(key)
        checked = ticks[key]
        state.set(f"{{{W14}}}val", "1" if checked else "0")
        for text in sdt.iter(qn("w:t")):
            text.text = "\u2612" if checked else "\u2610"
    missing = [theme.title for theme in nmc.THEMES if theme.key in ticks and theme.key not in found]
    if missing:
        raise TemplateError(
            f"{template_name}: no tick box for the Code theme{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(m) for m in missing)} — keep a check box beside each theme's name, "
            "or copy a fresh template (`readinggroups templates copy --force`)"
        )


def copy_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the shipped templates into ``folder`` for the library to edit in Word; copies
    already there are kept unless ``force``. The paths copied."""
    folder.mkdir(exist_ok=True)
    copied = []
    for template in shipped_templates():
        target = folder / template.name
        if target.exists() and not force:
            continue
        write_atomically(target, template.read_bytes())
        copied.append(target)
    return copied
