"""Writing tables for the library's reports as CSV or Excel, safe to open in Excel.

Names come from booking forms and meeting reports, so anyone can type `=HYPERLINK(...)` into one.
Excel runs a cell starting with = + - @ (or a tab or carriage return before them) as a formula
(OWASP "CSV injection"). In a CSV such a cell gets a leading apostrophe, the only way to say
"text"; in an .xlsx it is stored as text with Excel's own quote-prefix mark, so it shows exactly
as typed and still cannot run. The database keeps the value as given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ReadingGroupsError
from .files import atomic_path

if TYPE_CHECKING:
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """A text cell Excel would run as a formula, made plain text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through :func:`defuse`."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith("str"):
            safe[column] = safe[column].map(defuse)
    return safe


def write_table(frame: pd.DataFrame, path: Path, *, sheet: str = "Sheet1") -> Path:
    """Write ``frame`` to ``path`` (.csv or .xlsx), atomically, with formulas defused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReadingGroupsError(f"{path.name}: export to a .csv or .xlsx file")
    with atomic_path(path, app="Excel") as temporary:
        if suffix == ".csv":
            # utf-8-sig: Excel on Windows reads accented names correctly only with the BOM.
            defused(frame).to_csv(temporary, index=False, encoding="utf-8-sig")
        else:
            _write_xlsx({sheet: frame}, temporary)
    return path


def write_sheets(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """Several tables as the sheets of one .xlsx, atomically, with formulas defused."""
    with atomic_path(path, app="Excel") as temporary:
        _write_xlsx(frames, temporary)
    return path


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            _text_only(writer.sheets[sheet])


def _text_only(worksheet) -> None:
    """Every text cell stored as text (never a formula), and columns wide enough to read."""
    for cells in worksheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl turn text into a formula
                if cell.value.startswith(_FORMULA_START):
                    cell.quotePrefix = True  # what Excel records for a typed '=...
    for column in worksheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        worksheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        if str(column[0].value).endswith("_rate"):  # a share: shown as 25%, not 0.25
            for cell in column[1:]:
                cell.number_format = "0%"


def pseudonym(key: bytes, email: str) -> str:
    """A stable stand-in for one person: the same email gives the same one in every export
    from this workspace, and it cannot be turned back into the email without the key."""
    import base64
    import hashlib
    import hmac

    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256).digest()
    return base64.b32encode(digest)[:8].decode()


# Text typed in freely, where a name, an email or a PIN may have been typed too: a role is
# dropped (there is no telling what it says); a team and a site become pseudonyms of their
# own, so that counting by team still works without saying which team; a session's title
# is dropped (its number and date say which session it was), and so is its series' name; its
# kind (reading group or workshop) stays.
DROPPED_WHEN_ANONYMISED = ("role", "session_title", "series")
PSEUDONYMISED_TEXT = {"team": "Team", "site": "Site"}


def anonymised(frame: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """``frame`` with names, emails and NMC PINs replaced by pseudonyms, teams and sites by
    pseudonyms of their own, and roles and session titles left out."""
    safe = frame.drop(columns=[c for c in DROPPED_WHEN_ANONYMISED if c in frame.columns])
    for column, label in PSEUDONYMISED_TEXT.items():
        if column in safe.columns:
            safe[column] = safe[column].map(
                lambda text, label=label: (
                    None
                    if text is None or text != text or not str(text).strip()
                    else f"{label} {pseudonym(key, f'{label}:{str(text).strip().lower()}')}"
                )
            )
    if "email" not in safe.columns:
        return safe
    tokens = safe["email"].map(lambda email: pseudonym(key, email))
    safe["name"] = "Person " + tokens
    safe["email"] = tokens.str.lower() + "@pseudonym.invalid"
    if "nmc_pin" in safe.columns:
        safe["nmc_pin"] = safe["nmc_pin"].where(safe["nmc_pin"].isna(), "PIN-" + tokens)
    if "revalidation_date" in safe.columns:  # a birthday-like detail: it would single people out
        safe["revalidation_date"] = None
    if "certificate_number" in safe.columns:  # `certificates verify` would name the person
        safe["certificate_number"] = None
    return safe
