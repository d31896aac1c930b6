"""The NMC facts documents depend on: a wrong range or a reworded question is a bug."""

import pytest

from readinggroups import nmc

# Touches no database: runs once, not again on PostgreSQL.
pytestmark = pytest.mark.no_database


@pytest.mark.parametrize(
    ("reference", "theme"),
    [
        ("1", "Prioritise people"),
        ("5.4", "Prioritise people"),
        ("6", "Practise effectively"),
        ("6.2", "Practise effectively"),
        ("12", "Practise effectively"),
        ("13", "Preserve safety"),
        ("19.2", "Preserve safety"),
        ("20", "Promote professionalism and trust"),
        ("22.3", "Promote professionalism and trust"),
        ("25", "Promote professionalism and trust"),
    ],
)
def test_theme_follows_from_the_standard_number(reference, theme):
    assert nmc.theme_of(reference).title == theme


def test_every_standard_has_exactly_one_theme_and_the_ranges_cover_1_to_25():
    covered = [n for t in nmc.THEMES for n in range(t.first, t.last + 1)]
    assert covered == list(range(1, 26))
    assert sorted(nmc.STANDARDS) == list(range(1, 26))


@pytest.mark.parametrize("reference", ["0", "26", "x", "", "6.2.1a"])
def test_references_outside_the_code_are_refused(reference):
    with pytest.raises(ValueError, match="standard of the Code"):
        nmc.theme_of(reference)


def test_the_four_questions_are_the_nmc_wording():
    assert nmc.REFLECTIVE_QUESTIONS == (
        "What was the nature of the CPD activity and/or practice-related feedback and/or event "
        "or experience in your practice?",
        "What did you learn from the CPD activity and/or feedback and/or event or experience in "
        "your practice?",
        "How did you change or improve your practice as a result?",
        "How is this relevant to the Code?",
    )


def test_revalidation_numbers():
    assert (nmc.CPD_HOURS, nmc.PARTICIPATORY_HOURS, nmc.REVALIDATION_YEARS) == (35, 20, 3)
    assert [t.title for t in nmc.THEMES] == [
        "Prioritise people",
        "Practise effectively",
        "Preserve safety",
        "Promote professionalism and trust",
    ]
