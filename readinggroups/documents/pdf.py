"""Turning .docx files into PDFs with LibreOffice: one LibreOffice run for the whole batch."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..errors import ReadingGroupsError
from ..files import write_atomically

# Where the LibreOffice installers put it, for when it is not on the PATH.
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
)
INSTALL_ADVICE = (
    "PDFs need LibreOffice, which is not installed here — install it free from "
    "https://www.libreoffice.org/download/ (on Debian or Ubuntu: "
    "`sudo apt-get install libreoffice-writer`), or leave out --pdf: the Word files open in "
    "Word and can be saved as PDF from there"
)


def soffice() -> str | None:
    """The LibreOffice program, or None. READINGGROUPS_SOFFICE names it when it is elsewhere."""
    named = os.environ.get("READINGGROUPS_SOFFICE")
    if named:
        if not Path(named).is_file():
            raise ReadingGroupsError(
                f"READINGGROUPS_SOFFICE names {named}, which is not there — point it at "
                "LibreOffice's soffice program, or unset it to let readinggroups find it"
            )
        return named
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def require_soffice() -> str:
    """The LibreOffice program; a clear error with what to install when there is none."""
    program = soffice()
    if program is None:
        raise ReadingGroupsError(INSTALL_ADVICE)
    return program


def to_pdf(documents: list[Path], timeout: float = 600) -> list[Path]:
    """A PDF beside each document, made in one LibreOffice run; the PDFs' paths, in order."""
    if not documents:
        return []
    from ..files import scratch_folder

    program = require_soffice()
    # Beside the documents, not in the system's temporary folder: the PDFs name people.
    with scratch_folder(documents[0].parent) as scratch:
        # A profile of its own: LibreOffice open on the desktop would otherwise swallow the
        # request and convert nothing.
        profile = (scratch / "profile").as_uri()
        out = scratch / "out"
        names = [d.stem for d in documents]
        if len(set(names)) != len(names):  # one output folder: names must differ
            raise ReadingGroupsError("two documents share a name; cannot convert them together")
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, documents),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ReadingGroupsError(
                f"LibreOffice took more than {timeout:.0f} s to make the PDFs — try again, "
                "or with fewer documents"
            ) from exc
        except OSError as problem:
            raise ReadingGroupsError(f"LibreOffice could not be started ({problem})") from problem
        pdfs = []
        for document in documents:
            made = out / f"{document.stem}.pdf"
            if not made.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()
                said = f": {detail[-1]}" if detail else ""
                raise ReadingGroupsError(
                    f"LibreOffice ({program}) ran but made no PDF of {document.name} (exit code "
                    f"{done.returncode}{said}) — check LibreOffice opens on its own; the Word "
                    "files were written"
                )
            target = document.with_suffix(".pdf")
            write_atomically(target, made.read_bytes())  # replaces an earlier run's PDF
            pdfs.append(target)
        return pdfs
