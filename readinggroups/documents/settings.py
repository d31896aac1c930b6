"""What the documents print about the group, and where the library's own templates and logo
are: a small value, so documents are made (and tested) without a workspace or a database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LOGO_NAMES = ("logo.png", "logo.jpg", "logo.jpeg")


@dataclass(frozen=True)
class DocumentSettings:
    group: str
    library: str = "Library and Knowledge Service"
    facilitator: str = ""
    # The library's route to full text, with {doi}, {pmid} or {title} in it.
    access_link: str = ""
    # The folder of the library's edited templates (each overrides the shipped one), if any.
    templates: Path | None = None
    # The library's logo, shown on every document (checked when first used), if any.
    logo: Path | None = None
    # Whether a workshop's attendees get a reflective account form as a reading group's do
    # (workshops.reflective_form).
    workshop_reflective_form: bool = False

    @classmethod
    def of_folder(cls, folder: Path, **values) -> DocumentSettings:
        """Settings for a workspace folder: its templates/ and its logo.png or logo.jpg (any
        case) beside readinggroups.toml."""
        logos = sorted(p for p in folder.iterdir() if p.name.lower() in LOGO_NAMES)
        return cls(templates=folder / "templates", logo=logos[0] if logos else None, **values)
