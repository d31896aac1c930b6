"""The librarian's own copies of the notebooks, and JupyterLab opened beside her data.

She works on copies inside her workspace, never in the package's folder: her files and the
nurses' names stay together, and a new release of readinggroups cannot overwrite her edits.
JupyterLab saves a notebook's outputs with it, and those outputs hold names and emails, so
``readinggroups lab`` starts JupyterLab with a save hook that clears them.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ReadingGroupsError

# In the order she uses them.
NOTEBOOKS = ("01_select_articles.ipynb", "02_reading_group.ipynb", "03_report.ipynb")
MAIN = "02_reading_group.ipynb"
PACKAGE_NOTEBOOKS = "notebooks"


def shipped_notebook(name: str) -> Path:
    """A notebook as it comes with readinggroups: inside an installed wheel, or in a checkout."""
    shipped = resources.files("readinggroups") / PACKAGE_NOTEBOOKS / name
    if shipped.is_file():
        return Path(str(shipped))
    source = Path(__file__).resolve().parents[2] / PACKAGE_NOTEBOOKS / name
    if source.is_file():
        return source
    raise ReadingGroupsError(f"the notebook {name} is missing — reinstall readinggroups")


def copy_notebooks(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the notebooks into the workspace ``folder``. A copy already there is hers and is
    kept unless ``force``. The paths copied."""
    from ..files import write_atomically

    copied = []
    for name in NOTEBOOKS:
        target = folder / name
        if target.exists() and not force:
            continue
        write_atomically(target, shipped_notebook(name).read_bytes())
        copied.append(target)
    return copied


def clear_outputs(model: dict[str, Any], **_: Any) -> None:
    """JupyterLab's pre-save hook: save notebooks without outputs, so no names, emails or
    figures stay in the file; what was run shows again when it is run again."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    # The widgets' saved state holds the same names.
    model["content"].get("metadata", {}).pop("widgets", None)


def lab_command(
    root: Path, *, keep_outputs: bool = False, extra: tuple[str, ...] = ()
) -> list[str]:
    """The command that opens JupyterLab in ``root`` (its file browser starts there)."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        # No news feed or update checks fetched from the internet: she came to run a session,
        # and trust networks often block them anyway (the pop-up asking is turned off by
        # jupyter/readinggroups-overrides.json, installed with the package).
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if not keep_outputs:
        command.append(f"--ContentsManager.pre_save_hook={__name__}.clear_outputs")
    return [*command, *extra]


def open_lab(root: Path, *, keep_outputs: bool = False, extra: tuple[str, ...] = ()) -> int:
    """Run JupyterLab in ``root`` until she stops it; its exit status."""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("jupyterlab") is None:
        raise ReadingGroupsError(
            "JupyterLab is not installed here — install readinggroups with its dependencies "
            "(`uv sync` in a checkout), then try again"
        )
    import signal

    server = subprocess.Popen(lab_command(root, keep_outputs=keep_outputs, extra=extra), cwd=root)

    def stop(signum: int, _frame: object) -> None:  # stopped by a signal: JupyterLab too
        server.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C: no "shut down? (y/n)" question, it stops
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.terminate()  # a clean shut-down: its kernels stop too
            try:
                server.wait(timeout=30)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                server.kill()
