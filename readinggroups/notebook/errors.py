"""How a problem shows in a notebook: one line saying what is wrong, one saying what to do.

The library's errors already say what went wrong and where; a traceback above them only
pushes that line off the screen. IPython lets a kernel render chosen exceptions itself
(``set_custom_exc``): ours show as a short box, and the cell still counts as failed, so
*Run All* stops there. The advice in a message is written for the command line (it names
commands and options); here it is replaced by what to do in the notebook.

A Windows path pasted into the parameters cell (``"C:\\Users\\helen\\bookings.csv"``) is not
valid Python — ``\\U`` starts an escape — so the cell is read with such strings made raw
strings first.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .. import errors
from .values import ParameterError

_ADVICE: list[tuple[type[Exception], str]] = [
    (
        ParameterError,
        "Correct it in the parameters cell (near the top), then run all the cells again.",
    ),
    (
        errors.WorkspaceError,
        "Set WORKSPACE in the parameters cell to your group's folder, or leave it as None and "
        "open this notebook from inside the workspace (readinggroups lab opens it there).",
    ),
    (
        errors.InputFileError,
        "Nothing from that file was used. Put the file right (or choose the right one), "
        "then run this cell again.",
    ),
    (
        errors.NotFoundError,
        "Check the number, or pick the session from the list in step 1, then run this cell again.",
    ),
    (errors.TemplateError, "Fix the template named above, or remove it to use the shipped one."),
]
_DEFAULT_ADVICE = "Nothing was changed. Put it right, then run this cell again."


def advice(error: BaseException) -> str:
    for kind, text in _ADVICE:
        if isinstance(error, kind):
            return text
    return _DEFAULT_ADVICE


def problem(error: BaseException) -> str:
    """The message without command-line advice: the parts after " — " that name a command
    or an option are dropped."""
    parts = str(error).split(" — ")
    kept = [parts[0], *(p for p in parts[1:] if "`readinggroups" not in p and " --" not in p)]
    return " — ".join(kept)


def render(error: BaseException) -> dict[str, str]:
    """The error as a notebook output: HTML, with plain text for anything without HTML."""
    said, todo = problem(error), advice(error)
    shown = (
        '<div class="rg-error" role="alert" style="border-left:4px solid #b00020;'
        'background:#fdecee;padding:0.6em 0.9em;margin:0.3em 0;color:#212121">'
        f"<strong>{html.escape(said)}</strong><br>{html.escape(todo)}</div>"
    )
    return {"text/html": shown, "text/plain": f"{said}\n{todo}"}


def _show(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> None:
    from IPython.display import display

    display(render(value), raw=True)


_WINDOWS_STRING = re.compile(r"""(?<![\w"'])(["'])((?:[A-Za-z]:\\|\\\\)[^"'\n]*)\1""")


def raw_windows_paths(lines: list[str]) -> list[str]:
    """Make string literals that hold a Windows path raw strings, so their backslashes stay
    backslashes. Strings already written with doubled backslashes are left alone."""

    def raw(match: re.Match[str]) -> str:
        quote, body = match.group(1), match.group(2)
        if "\\\\" in body.lstrip("\\"):
            return match.group(0)  # written with doubled backslashes: already right
        return f"r{quote}{body.rstrip(chr(92)) or body}{quote}"

    return [_WINDOWS_STRING.sub(raw, line) for line in lines]


def install(shell: Any) -> None:
    """Render the library's errors as above, and accept pasted Windows paths, in ``shell``."""
    shell.set_custom_exc((errors.ReadingGroupsError,), _show)
    transformers = shell.input_transformers_cleanup
    if raw_windows_paths not in transformers:
        transformers.append(raw_windows_paths)
