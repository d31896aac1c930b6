"""A folder of documents as one .zip, for sending on or putting on a shared drive."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..files import atomic_path


def zip_folder(folder: Path, out: Path) -> Path:
    """``folder``'s files (sub-folders kept) in the zip ``out``, written atomically."""
    # Word files are already compressed: storing them is as small and much quicker.
    with (
        atomic_path(out, app="the zip program") as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive,
    ):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out
