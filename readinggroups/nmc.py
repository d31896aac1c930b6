"""NMC revalidation facts: the Code's themes, standards and paragraphs, and the form wording.

Everything here is quoted from the NMC's own documents, never paraphrased: a nurse copies these
lines into her portfolio and her confirmer checks them against the Code, so a reworded question
or a heading passed off as a paragraph is a bug. Documents link to the NMC for the full text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .wording import and_list

CODE_URL = "https://www.nmc.org.uk/standards/code/"
REVALIDATION_URL = "https://www.nmc.org.uk/revalidation/"
FORMS_URL = "https://www.nmc.org.uk/revalidation/resources/forms-and-templates/"
# The NMC plans a modernised Code from October 2027: documents name the edition they cite so a
# later one is easy to spot.
CODE_EDITION = "2018"
CODE_NAME = f"The Code (2015, updated {CODE_EDITION})"

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

# The 25 standards' headings, word for word as the Code prints them.
STANDARDS = {
    1: "Treat people as individuals and uphold their dignity",
    2: "Listen to people and respond to their preferences and concerns",
    3: "Make sure that people's physical, social and psychological needs are assessed and "
    "responded to",
    4: "Act in the best interests of people at all times",
    5: "Respect people's right to privacy and confidentiality",
    6: "Always practise in line with the best available evidence",
    7: "Communicate clearly",
    8: "Work cooperatively",
    9: "Share your skills, knowledge and experience for the benefit of people receiving care "
    "and your colleagues",
    10: "Keep clear and accurate records relevant to your practice",
    11: "Be accountable for your decisions to delegate tasks and duties to other people",
    12: "Have in place an indemnity arrangement which provides appropriate cover for any "
    "practice you take on as a nurse, midwife or nursing associate in the United Kingdom",
    13: "Recognise and work within the limits of your competence",
    14: "Be open and candid with all service users about all aspects of care and treatment, "
    "including when any mistakes or harm have taken place",
    15: "Always offer help if an emergency arises in your practice setting or anywhere else",
    16: "Act without delay if you believe that there is a risk to patient safety or public "
    "protection",
    17: "Raise concerns immediately if you believe a person is vulnerable or at risk and needs "
    "extra support and protection",
    18: "Advise on, prescribe, supply, dispense or administer medicines within the limits of "
    "your training and competence, the law, our guidance and other relevant policies, guidance "
    "and regulations",
    19: "Be aware of, and reduce as far as possible, any potential for harm associated with "
    "your practice",
    20: "Uphold the reputation of your profession at all times",
    21: "Uphold your position as a registered nurse, midwife or nursing associate",
    22: "Fulfil all registration requirements",
    23: "Cooperate with all investigations and audits",
    24: "Respond to any complaints made against you professionally",
    25: "Provide leadership to make sure people's wellbeing is protected and to improve their "
    "experiences of the health and care system",
}

# How many paragraphs each standard has (6.1-6.2, 20.1-20.10, ...): "6.7" is a typing slip.
PARAGRAPH_COUNTS = {
    1: 5, 2: 6, 3: 4, 4: 4, 5: 5, 6: 2, 7: 5, 8: 7, 9: 4, 10: 6, 11: 3, 12: 1, 13: 5,
    14: 3, 15: 3, 16: 6, 17: 3, 18: 5, 19: 4, 20: 10, 21: 6, 22: 3, 23: 5, 24: 2, 25: 2,
}  # fmt: skip

# The words of the paragraphs a reading group most often touches, as the Code prints them
# (each completes the Code's lead-in "To achieve this, you must:"). Other paragraphs are cited
# by number under their standard's heading, never with words of our own.
PARAGRAPHS = {
    "6.1": "make sure that any information or advice given is evidence-based, including "
    "information relating to using any health and care products or services",
    "6.2": "maintain the knowledge and skills you need for safe and effective practice",
    "9.2": "gather and reflect on feedback from a variety of sources, using it to improve your "
    "practice and performance",
    "9.3": "deal with differences of professional opinion with colleagues by discussion and "
    "informed debate, respecting their views and opinions and behaving in a professional way at "
    "all times",
    "9.4": "support students' and colleagues' learning to help them develop their professional "
    "competence and confidence",
    "19.2": "take account of current evidence, knowledge and developments in reducing mistakes "
    "and the effect of them and the impact of human factors and system failures",
    "22.2": "keep to our prescribed hours of practice and carry out continuing professional "
    "development activities",
    "22.3": "keep your knowledge and skills up to date, taking part in appropriate and regular "
    "learning and professional development activities that aim to maintain and develop your "
    "competence and improve your performance",
}

# A new session's paragraphs, the three a reading group plainly meets: reading the evidence
# keeps knowledge and skills current (6.2), the discussion is informed debate with colleagues
# (9.3), and attending is regular learning that keeps a registrant up to date (22.3).
DEFAULT_SESSION_STANDARDS = ("6.2", "9.3", "22.3")
# A new workshop's: it keeps knowledge and skills current (6.2) and is regular learning (22.3).
DEFAULT_WORKSHOP_STANDARDS = ("6.2", "22.3")


_REFERENCE = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}))?$")


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


@dataclass(frozen=True)
class Reference:
    """One citation of the Code: a whole standard (``6``) or one of its paragraphs (``6.2``).

    A paragraph says something other than its standard's heading, so the two are always
    labelled and never printed side by side as if one were the other's title.
    """

    standard: int
    paragraph: int | None = None

    @property
    def ref(self) -> str:
        return str(self.standard) if self.paragraph is None else f"{self.standard}.{self.paragraph}"

    @property
    def exists(self) -> bool:
        """Whether the Code (2018) has this paragraph (a session may hold an old slip)."""
        return self.paragraph is None or 1 <= self.paragraph <= PARAGRAPH_COUNTS[self.standard]

    @property
    def label(self) -> str:
        """ "Standard 6" or "Paragraph 6.2" (a paragraph the Code lacks shows as its standard)."""
        if self.paragraph is None or not self.exists:
            return f"Standard {self.standard}"
        return f"Paragraph {self.ref}"

    @property
    def heading(self) -> str:
        """The standard's own heading (for a paragraph, the standard it sits under)."""
        return STANDARDS[self.standard]

    @property
    def words(self) -> str | None:
        """The paragraph's own words, when the Code's text for it is held here."""
        return None if self.paragraph is None else PARAGRAPHS.get(self.ref)

    @property
    def theme(self) -> Theme:
        return theme_of(self.standard)

    @property
    def standard_text(self) -> str:
        """ "Standard 6: Always practise in line with the best available evidence"."""
        return f"Standard {self.standard}: {self.heading}"

    @property
    def says(self) -> str:
        """The Code's own words here: a paragraph's in quotation marks, or the standard's
        heading; empty for a paragraph whose words are not held (never words of our own)."""
        if self.paragraph is None:
            return self.heading
        return f"\u201c{self.words}\u201d" if self.words else ""

    @property
    def detail(self) -> str:
        """What the Code says, and for a paragraph the standard it sits under, labelled."""
        if self.paragraph is None:
            return self.heading
        if not self.exists:
            return (
                f"{self.heading} (recorded as paragraph {self.ref}, which the Code does not "
                "have: check the session's references)"
            )
        if self.words:
            return f"{self.says} (under {self.standard_text})"
        return f"under {self.standard_text} (its words are not reproduced here: see the Code)"

    @property
    def text(self) -> str:
        """The whole citation on one line, each part labelled, e.g. 'Paragraph 6.2:
        "maintain the knowledge ..." (under Standard 6: Always practise in line with ...)'."""
        if self.paragraph is None or not self.exists:
            return f"{self.label}: {self.detail}"
        if self.words:
            return f"{self.label}: {self.detail}"
        return f"{self.label}, {self.detail}"


def reference(value: str | int) -> Reference:
    """``"6.2"`` as a :class:`Reference`, for showing a reference already stored (a session's
    own): a paragraph number this edition lacks still shows, labelled, under its standard."""
    number = standard_number(value)  # checks the form, so the match below is there
    match = _REFERENCE.match(str(value).strip())
    paragraph = match.group(2) if match else None
    return Reference(number, None if paragraph is None else int(paragraph))


def check_reference(value: str | int) -> str:
    """A reference the librarian typed, checked against the Code and tidied (``"06.02"`` →
    ``"6.2"``); a ValueError that says what is wrong otherwise."""
    found = reference(value)
    count = PARAGRAPH_COUNTS[found.standard]
    if found.paragraph is not None and not 1 <= found.paragraph <= count:
        first, last = f"{found.standard}.1", f"{found.standard}.{count}"
        which = {1: first, 2: f"{first} and {last}"}.get(count, f"{first} to {last}")
        raise ValueError(
            f"{str(value).strip()!r} is not a paragraph of the Code: standard {found.standard} "
            f"has paragraph{'s' if count > 1 else ''} {which}"
        )
    return found.ref


def in_code_order(references) -> list[Reference]:
    """References as the Code orders them (6.2 before 9.3 before 22.3), each once."""
    found = {reference(value) for value in references}
    return sorted(found, key=lambda r: (r.standard, r.paragraph or 0))


def cited(references) -> str:
    """'paragraphs 6.2 and 9.3; standard 22': references by number in the Code's order, each
    run of one kind labelled once (the words are given elsewhere on the document)."""
    runs: list[tuple[bool, list[str]]] = []
    for ref in in_code_order(references):
        whole = ref.paragraph is None or not ref.exists
        shown = str(ref.standard) if whole else ref.ref
        if runs and runs[-1][0] == whole:
            runs[-1][1].append(shown)
        else:
            runs.append((whole, [shown]))
    parts = []
    for whole, refs in runs:
        word = ("standard" if whole else "paragraph") + ("s" if len(refs) > 1 else "")
        parts.append(f"{word} {and_list(refs)}")
    return "; ".join(parts)


def suggested_themes(references) -> list[tuple[Theme, list[Reference]]]:
    """The themes a session's references fall under, in the Code's order, each with its
    references: a suggestion for question 4, never a choice made for the nurse."""
    ordered = in_code_order(references)
    return [(theme, mine) for theme in THEMES if (mine := [r for r in ordered if r.theme == theme])]


# Parts of the NMC register as a statement of entry shows them: the newer codes, the older
# numbered ones, the second-level nurses of sub-part 2 (who still revalidate), and the
# specialist community public health nursing marks, with and without their leading R.
_SECOND_LEVEL = "Registered Nurse - second level (sub-part 2)"
_SCPHN = "Specialist Community Public Health Nurse"
REGISTER_PARTS = {
    "RNA": "Registered Nurse - Adult",
    "RN1": "Registered Nurse - Adult",
    "RNMH": "Registered Nurse - Mental Health",
    "RN3": "Registered Nurse - Mental Health",
    "RNLD": "Registered Nurse - Learning Disabilities",
    "RN5": "Registered Nurse - Learning Disabilities",
    "RNC": "Registered Nurse - Children",
    "RN8": "Registered Nurse - Children",
    "RN2": _SECOND_LEVEL,
    "RN4": _SECOND_LEVEL,
    "RN6": _SECOND_LEVEL,
    "RN7": _SECOND_LEVEL,
    "RN9": _SECOND_LEVEL,
    "RM": "Registered Midwife",
    "NAR": "Nursing Associate",
    "SCPHN": _SCPHN,
    "HV": f"{_SCPHN} - Health Visitor",
    "RHV": f"{_SCPHN} - Health Visitor",
    "SN": f"{_SCPHN} - School Nurse",
    "RSN": f"{_SCPHN} - School Nurse",
    "OH": f"{_SCPHN} - Occupational Health Nurse",
    "ROH": f"{_SCPHN} - Occupational Health Nurse",
    "FHN": f"{_SCPHN} - Family Health Nurse",
    "RFHN": f"{_SCPHN} - Family Health Nurse",
    "RPHN": f"{_SCPHN} - Public Health Nurse",
}
NOT_REGISTERED = "none"


def register_part(value: str) -> str | None:
    """A register part's code (``rnmh`` → ``RNMH``), several for someone on more than one
    part (``RNA RM`` or ``RNA/RM`` → ``RNA;RM``), ``none`` for not registered, or None when
    it is none of these."""
    text = value.strip().upper()
    if text.replace(" ", "") in REGISTER_PARTS:
        return text.replace(" ", "")
    if text.replace(" ", "") in ("NONE", "NOTREGISTERED", "N/A", "NA", "NO"):
        return NOT_REGISTERED
    parts = [p for p in re.split(r"[\s;,/+&]+|\bAND\b", text) if p]
    if len(parts) > 1 and all(p in REGISTER_PARTS for p in parts):
        return ";".join(dict.fromkeys(parts))
    return None
