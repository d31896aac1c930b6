"""File names made from people's names: safe on Windows and Linux, never outside the folder."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# Names Windows reserves for devices, with or without an extension.
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
MAX_STEM = 80


def safe_stem(text: str, fallback: str = "unnamed") -> str:
    """``text`` as a file-name stem: letters (accents kept), digits, spaces become hyphens."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text)
    # Keep letters, digits, hyphen, underscore and apostrophe-free words; drop emoji and symbols.
    text = "".join(ch if ch.isalnum() or ch in "-_ .," else "" for ch in text)
    text = re.sub(r"[\s,]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-. ")
    text = text[:MAX_STEM].rstrip("-. ")
    if not text or text.upper().split(".")[0] in _RESERVED:
        text = f"{fallback}-{text}" if text else fallback
    return text


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would land outside ``folder``."""
    folder = folder.resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise ValueError(f"{name!r} would be written outside {folder}")
    return path
