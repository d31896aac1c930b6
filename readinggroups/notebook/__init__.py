"""The notebooks' side of readinggroups: what makes a notebook the librarian's app.

- ``setup()``, the first cell of every notebook: one-line errors and pasted Windows paths;
- ``steps``: each step done from the parameters cell, safe to run again (the headless path);
- ``widgets``: the same steps as pickers, lists and buttons (``App``);
- ``show``: tables and file links readable by anyone;
- ``copies``: the librarian's own copies of the notebooks, and ``readinggroups lab``.
"""

from __future__ import annotations


def setup() -> None:
    """Ready this notebook's kernel: the library's errors as one line with what to do, and
    Windows paths accepted as typed. Does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        from .errors import install

        install(shell)
