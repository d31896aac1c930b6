"""NMC revalidation facts: the Code's themes and standards, and the reflective account wording.

The Code's text is NMC copyright, so only numbers and short titles are kept here; documents link
to the NMC for the full text. The reflective account questions are the NMC's own wording and must
not be changed: a reworded question makes the form unusable for revalidation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_URL = "https://www.nmc.org.uk/standards/code/"
REVALIDATION_URL = "https://www.nmc.org.uk/revalidation/"

CPD_HOURS = 35
PARTICIPATORY_HOURS = 20
REVALIDATION_YEARS = 3
REFLECTIVE_ACCOUNTS = 5

REFLECTIVE_QUESTIONS = (
    "What was the nature of the CPD activity and/or practice-related feedback and/or event or "
    "experience in your practice?",
    "What did you learn from the CPD activity and/or feedback and/or event or experience in your "
    "practice?",
    "How did you change or improve your practice as a result?",
    "How is this relevant to the Code?",
)

ANONYMITY_REMINDER = (
    "Do not include any information that could identify a specific patient, service user or "
    "colleague. Keep your account anonymous."
)


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    first: int
    last: int


THEMES = (
    Theme("prioritise", "Prioritise people", 1, 5),
    Theme("practise", "Practise effectively", 6, 12),
    Theme("preserve", "Preserve safety", 13, 19),
    Theme("promote", "Promote professionalism and trust", 20, 25),
)

# Short titles only (the Code's full text is NMC copyright; documents link to CODE_URL).
STANDARDS = {
    1: "Treat people as individuals",
    2: "Listen and respond to preferences and concerns",
    3: "Assess and respond to physical, social and psychological needs",
    4: "Act in people's best interests",
    5: "Respect privacy and confidentiality",
    6: "Practise in line with the best available evidence",
    7: "Communicate clearly",
    8: "Work cooperatively",
    9: "Share skills, knowledge and experience",
    10: "Keep clear and accurate records",
    11: "Be accountable for delegation",
    12: "Have an indemnity arrangement",
    13: "Work within the limits of your competence",
    14: "Be open and candid",
    15: "Offer help in an emergency",
    16: "Act without delay on risks to safety",
    17: "Raise concerns about vulnerable people",
    18: "Medicines within the limits of your competence",
    19: "Reduce the potential for harm",
    20: "Uphold the reputation of the profession",
    21: "Uphold your position as a registrant",
    22: "Fulfil registration requirements",
    23: "Cooperate with investigations and audits",
    24: "Respond to complaints",
    25: "Provide leadership",
}

# The standards a reading group most often touches: evidence-based practice (6.1, 6.2),
# sharing knowledge (9.2, 9.4), reducing harm (19.2) and keeping up CPD (22.3).
READING_GROUP_STANDARDS = ("6.1", "6.2", "9.2", "9.4", "19.2", "22.3")
DEFAULT_SESSION_STANDARDS = ("6.2", "9.2", "22.3")


_REFERENCE = re.compile(r"^(\d{1,2})(?:\.\d{1,2})?$")


def standard_number(reference: str | int) -> int:
    """The standard (1-25) of a reference such as ``"6.2"``, ``"22"`` or ``6``."""
    match = _REFERENCE.match(str(reference).strip())
    if not match or not 1 <= int(match.group(1)) <= 25:
        raise ValueError(
            f"{reference!r} is not a standard of the Code: use a number from 1 to 25, "
            "optionally with a paragraph such as 6.2"
        )
    return int(match.group(1))


def theme_of(reference: str | int) -> Theme:
    """The Code theme a standard or paragraph belongs to (1-5, 6-12, 13-19, 20-25)."""
    number = standard_number(reference)
    return next(theme for theme in THEMES if theme.first <= number <= theme.last)


# Parts of the NMC register as a statement of entry shows them (newer codes, then the older
# numbered ones); SCPHN has its own marks for health visitors, school nurses and others.
REGISTER_PARTS = {
    "RNA": "Registered Nurse - Adult",
    "RN1": "Registered Nurse - Adult",
    "RNMH": "Registered Nurse - Mental Health",
    "RN3": "Registered Nurse - Mental Health",
    "RNLD": "Registered Nurse - Learning Disabilities",
    "RN5": "Registered Nurse - Learning Disabilities",
    "RNC": "Registered Nurse - Children",
    "RN8": "Registered Nurse - Children",
    "RM": "Registered Midwife",
    "NAR": "Nursing Associate",
    "SCPHN": "Specialist Community Public Health Nurse",
    "RHV": "Specialist Community Public Health Nurse - Health Visitor",
    "RSN": "Specialist Community Public Health Nurse - School Nurse",
    "ROH": "Specialist Community Public Health Nurse - Occupational Health Nurse",
    "RFHN": "Specialist Community Public Health Nurse - Family Health Nurse",
}
NOT_REGISTERED = "none"


def register_part(value: str) -> str | None:
    """A register part's code (``rnmh`` → ``RNMH``), ``none`` for not registered, or None
    when it is neither."""
    text = value.strip().upper().replace(" ", "")
    if text in REGISTER_PARTS:
        return text
    if text in ("NONE", "NOTREGISTERED", "N/A", "NA", "NO"):
        return NOT_REGISTERED
    return None
