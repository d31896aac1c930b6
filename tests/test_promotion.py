"""`readinggroups promote`: the posts (X's count, with links as 23), the long post, and the A4
poster with its QR code, for a reading group and for a workshop."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinggroups import ReadingGroupsError, TemplateError, Workspace
from readinggroups import config as _config
from readinggroups.documents.pdf import soffice, to_pdf
from readinggroups.promotion import Announcement, hashtags, short_post, x_length

from .commands import run
from .test_documents import text_of
from .test_pack_and_accessibility import assert_accessible, png

FORM = "https://forms.office.com/r/AbC123xYz"
# A Microsoft Forms link as the browser shows it: far longer than 23 characters.
LONG_FORM = (
    "https://forms.office.com/Pages/ResponsePage.aspx?id="
    "DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAAAAN__lYhwj1UMEhZVlhQWjZMRzhVOFRWWlk0SVBZU1JPVC4u"
    "&origin=QRCode&embed=true&utm_source=intranet&utm_campaign=reading-group-2026"
)

needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None and not os.environ.get("CI"),
    reason="zbarimg (Debian's zbar-tools) is not installed here (.ci/run installs it)",
)
needs_pdf_tools = pytest.mark.skipif(
    (soffice() is None or shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice, pdftoppm or zbarimg is not installed here (.ci/run installs them)",
)


def with_settings(workspace: Workspace, **settings) -> Workspace:
    """The workspace with these settings written to its readinggroups.toml, opened afresh."""
    changed = dataclasses.replace(workspace.config, **settings)
    _config.dump(changed, workspace.root / _config.CONFIG_NAME)
    return Workspace.open(workspace.root)


@pytest.fixture
def booked_on(workspace, session):
    """The reading group with a booking link for the group."""
    return with_settings(workspace, booking_link=FORM, email_from="library@example.nhs.uk")


@pytest.fixture
def workshop(booked_on):
    return booked_on.new_session(
        date="2027-02-03",
        start="10:00",
        title="Finding the evidence: searching CINAHL and MEDLINE for your practice question",
        kind="workshop",
        venue="Microsoft Teams",
        learning_outcomes=[
            "Turn a clinical question into search terms using PICO",
            "Search CINAHL and MEDLINE through the NHS Knowledge and Library Hub",
            "Use subject headings and Boolean operators to focus a search",
            "Save searches and set up alerts",
            "Get the full text of articles through OpenAthens",
        ],
        booking_link="https://library.libcal.com/event/1234567",
    )


def news(**changes) -> Announcement:
    """An announcement made by hand, for the post's rules without a workspace."""
    values = {
        "session_id": 1,
        "title": "Therapeutic engagement",
        "series": "Nursing Reading Group",
        "workshop": False,
        "day": dt.date(2026, 11, 12),
        "times": "14:00–15:00",
        "venue": "Microsoft Teams",
        "online": True,
        "facilitator": "Helen Marsh",
        "participatory_hours": 1.0,
        "preparation_hours": 1.5,
        "articles": (),
        "outcomes": (),
        "places": 10,
        "booking_link": FORM,
        "hashtags": ("#NHSLibraries", "#CPD"),
        "contact": "",
        "library": "Library and Knowledge Service",
        "reflective_form": True,
    }
    return Announcement(**(values | changes))


# -- how X counts ---------------------------------------------------------------------------------


def test_x_counts_every_web_address_as_23_however_long():
    assert x_length(LONG_FORM) == 23 and len(LONG_FORM) > 150
    assert x_length("https://t.co/x") == 23  # shorter ones too: X wraps every link
    assert x_length(f"Book: {LONG_FORM}") == 6 + 23
    assert x_length(f"Book at {FORM}, or {LONG_FORM}.") == 8 + 23 + 5 + 23 + 1
    assert x_length(f"(see {FORM})") == 1 + 4 + 23 + 1  # the bracket is the sentence's


def test_x_counts_wide_characters_and_each_emoji_as_two():
    assert x_length("Siobhán O'Neill") == 15
    assert x_length("Siobha\u0301n") == 7  # counted as composed, as X does
    assert x_length("14:00–15:00 “quoted”") == 20  # dashes and quotes are light
    assert x_length("…") == 2  # the ellipsis is not
    assert x_length("日本語") == 6
    for emoji in ("👍", "👍🏽", "👨‍👩‍👧", "🇬🇧", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "1️⃣", "❤️", "©"):
        assert x_length(emoji) == 2, emoji
    assert x_length("📚 reading group 📚") == 2 + 15 + 2


def test_an_address_x_may_or_may_not_link_counts_at_least_23():
    assert x_length("see nhs.uk today") == 4 + 23 + 6  # X links bare domains
    assert x_length("e.g. St.Ann's") == 13  # not addresses
    intranet = "http://intranet.trust.local/library/booking-form-for-the-reading-group"
    assert x_length(intranet) == len(intranet)  # X would not link it: never counted less


def test_hashtags_are_made_ready_for_x():
    assert hashtags(["NHS Libraries", "#cpd", "#CPD", " ", "#NursingTwitter"]) == (
        "#NHSLibraries",
        "#cpd",
        "#NursingTwitter",
    )


# -- the short post -------------------------------------------------------------------------------


def test_the_post_has_the_topic_day_time_place_cpd_booking_link_and_the_settings_hashtags(
    booked_on, session, tmp_path
):
    workspace = with_settings(booked_on, hashtags=("#NursingTwitter", "ReadingGroup"))
    done = workspace.promote(session.id, tmp_path)
    post = done.post.read_text(encoding="utf-8")
    assert post == (
        "Nursing Reading Group: Therapeutic engagement\n"
        "Thursday 12 November 2026, 14:00–15:00, online on Microsoft Teams.\n"
        "2.5 hours of CPD for NMC revalidation (1 hour participatory).\n"
        f"Book: {FORM}\n"
        "#NursingTwitter #ReadingGroup\n"
    )
    assert done.short.length == x_length(post.rstrip("\n")) <= 280
    assert done.short.gave_up == ()
    assert f"The post is {done.short.length} of X's 280 characters" in done.summary()


def test_a_very_long_booking_link_fits_counted_as_23(booked_on, session, tmp_path):
    booked_on.edit_session(session.id, booking_link=LONG_FORM)
    done = booked_on.promote(session.id, tmp_path)
    post = done.post.read_text(encoding="utf-8").rstrip("\n")
    assert len(post) > 280 >= x_length(post)  # longer in letters, within X's count
    assert f"Book: {LONG_FORM}\n#NHSLibraries #CPD" in post  # whole, and nothing given up
    assert done.short.gave_up == ()


def test_a_very_long_title_is_shortened_with_an_ellipsis_and_the_link_never_cut(
    booked_on, session, tmp_path
):
    title = "Therapeutic engagement on acute mental health wards: " + "what nurses say " * 30
    booked_on.edit_session(session.id, title=title, booking_link=LONG_FORM)
    done = booked_on.promote(session.id, tmp_path)
    post = done.post.read_text(encoding="utf-8").rstrip("\n")
    assert x_length(post) <= 280
    first = post.splitlines()[0]
    assert first.startswith("Therapeutic engagement on acute") and first.endswith("…")
    assert f"Book: {LONG_FORM}" in post and "#" not in post.replace(LONG_FORM, "")
    assert done.short.gave_up == (
        "left out #CPD",
        "left out #NHSLibraries",
        "wrote the date short",
        "left out the CPD hours",
        "left out the series' name",
        "shortened the title",
    )
    assert "Thu 12 Nov, 14:00–15:00" in post
    assert "to fit, it left out #CPD" in done.summary()


def test_hashtags_go_one_at_a_time_from_the_end_before_anything_else():
    many = tuple(f"#Tag{n:02d}Longer" for n in range(20))
    post = short_post(news(hashtags=many))
    assert x_length(post.text) <= 280
    assert "#Tag00Longer" in post.text and "#Tag19Longer" not in post.text
    assert all(said.startswith("left out #") for said in post.gave_up)
    assert "Thursday 12 November 2026" in post.text and "2.5 hours of CPD" in post.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(min_size=1, max_size=400).filter(str.strip),
    venue=st.text(max_size=300),
    tags=st.lists(st.text(min_size=1, max_size=40), max_size=8),
    link=st.sampled_from([FORM, LONG_FORM, "https://libcal.example.nhs.uk/event/1"]),
)
def test_the_post_never_goes_over_280_and_keeps_the_link_whole(title, venue, tags, link):
    post = short_post(news(title=title, venue=venue, hashtags=hashtags(tags), booking_link=link))
    assert x_length(post.text) <= 280
    assert f"Book: {link}" in post.text.splitlines()


@pytest.mark.parametrize(
    ("venue", "online", "where"),
    [
        ("Microsoft Teams", True, "online on Microsoft Teams"),
        ("Zoom", True, "online on Zoom"),
        ("Online", True, "online"),
        ("Seminar Room 2", True, "Seminar Room 2, or online"),  # a room with a joining link
        ("Seminar Room 2", False, "Seminar Room 2"),
        ("Teamsworth Hall", False, "Teamsworth Hall"),
    ],
)
def test_where_says_online_or_the_room(venue, online, where):
    assert news(venue=venue, online=online).where == where


def test_a_session_on_two_articles_says_so():
    two = news(articles=("\u201cOne\u201d (J, 2025)", "\u201cTwo\u201d (K, 2024)"))
    assert two.about.startswith("Read the articles beforehand, then discuss them")
    assert (
        two.articles_text == "The articles: \u201cOne\u201d (J, 2025); \u201cTwo\u201d (K, 2024)."
    )


def test_a_session_too_short_for_cpd_does_not_offer_any():
    post = short_post(news(participatory_hours=0.0, preparation_hours=0.0))
    assert "CPD" not in post.text.replace("#CPD", "")


# -- the long post --------------------------------------------------------------------------------


def test_the_long_post_for_a_reading_group(booked_on, session, tmp_path):
    booked_on.edit_session(session.id, venue="Seminar Room 2, Education Centre")
    text = booked_on.promote(session.id, tmp_path).long_post.read_text(encoding="utf-8")
    article = booked_on.article(9)
    assert text.startswith(
        "Nursing Reading Group: Therapeutic engagement\n\n"
        "Join us on Thursday 12 November 2026, 14:00–15:00, Seminar Room 2, Education Centre."
    )
    assert "Read one article beforehand, then discuss it with colleagues" in text
    assert f"This session's article: \u201c{article.title.rstrip('.')}\u201d" in text
    assert f"({article.journal}, {article.year})." in text
    assert "Facilitated by Helen Marsh." in text
    assert (
        "2.5 hours of CPD for your NMC revalidation: 1 hour of group discussion "
        "(participatory) and 1.5 hours of preparation (individual reading, in your own time)."
    ) in text
    assert "a certificate of attendance, a CPD record and a reflective account form" in text
    assert f"10 places. Book yours: {FORM}" in text
    assert "joining link" not in text  # a room: nothing to join
    assert "Questions: library@example.nhs.uk" in text
    assert "you do not need to have used the library before" in text
    assert text.rstrip().endswith("#NHSLibraries #CPD")


def test_the_long_post_for_a_workshop_online_lists_its_learning_outcomes(
    booked_on, workshop, tmp_path
):
    done = booked_on.promote(workshop.id, tmp_path)
    text = done.long_post.read_text(encoding="utf-8")
    assert text.startswith(
        "Library workshops: Finding the evidence: searching CINAHL and MEDLINE for your "
        "practice question\n\nJoin us on Wednesday 3 February 2027, 10:00–11:30, online on "
        "Microsoft Teams."
    )
    assert "A workshop led by Helen Marsh." in text
    assert (
        "Learning outcomes:\n- Turn a clinical question into search terms using PICO\n"
        "- Search CINAHL and MEDLINE through the NHS Knowledge and Library Hub\n"
    ) in text
    assert "1.5 hours of participatory CPD for your NMC revalidation (the workshop)." in text
    assert "reflective account form" not in text  # workshops.reflective_form is false
    assert "Book yours: https://library.libcal.com/event/1234567" in text
    assert "The joining link comes with your booking confirmation." in text
    assert "Read one article" not in text
    post = done.post.read_text(encoding="utf-8")
    assert "1.5 hours of participatory CPD for NMC revalidation." in post
    assert "https://library.libcal.com/event/1234567" in post  # the session's own link wins


# -- what is refused ------------------------------------------------------------------------------


def test_no_booking_link_anywhere_is_one_line_saying_where_to_set_it(workspace, session, tmp_path):
    done = run("-w", str(workspace.root), "promote", str(session.id), ok=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert "session 1 has no booking link" in line
    assert "booking_link under [group] in readinggroups.toml" in line
    assert "`readinggroups sessions edit 1 --booking-link URL`" in line
    assert not (workspace.root / "output" / "promotion").exists()


def test_a_session_that_does_not_exist_or_was_cancelled_is_one_line(booked_on, session):
    missing = run("-w", str(booked_on.root), "promote", "99", ok=False)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    assert "99" in missing.stderr
    booked_on.cancel_session(session.id, reason="facilitator unwell")
    cancelled = run("-w", str(booked_on.root), "promote", str(session.id), ok=False)
    assert cancelled.returncode == 1 and "was cancelled" in cancelled.stderr
    assert len(cancelled.stderr.strip().splitlines()) == 1


def test_a_session_already_past_is_promoted_with_a_note(booked_on, session, tmp_path):
    done = booked_on.promote(session.id, tmp_path, today=dt.date(2026, 12, 1))
    assert done.notes == ["session 1 was on 12 November 2026, which has passed"]


# -- names stay as typed --------------------------------------------------------------------------


def test_hostile_names_and_titles_stay_literal_in_the_posts_and_the_poster(booked_on, tmp_path):
    title = "<b>O'Neill's</b> =HYPERLINK(\"http://x\") & ../x"
    planned = booked_on.new_session(
        date="2026-12-10",
        start="14:00",
        title=title,
        facilitator="Siobhán O'Neill <i>",
        venue="Room <3> & =SUM(A1)",
    )
    done = booked_on.promote(planned.id, tmp_path / "out")
    for path in (done.post, done.long_post):
        said = path.read_text(encoding="utf-8")
        assert title in said and "Room <3> & =SUM(A1)" in said
    assert "Facilitated by Siobhán O'Neill <i>." in done.long_post.read_text(encoding="utf-8")
    poster = text_of(done.poster)
    assert title in poster and "Room <3> & =SUM(A1)" in poster
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "post-long.txt",
        "post.txt",
        "poster.docx",
    ]


# -- the poster -----------------------------------------------------------------------------------


def qr_picture(path: Path) -> tuple[str, bytes]:
    """The poster's QR code: its alt text and its PNG."""
    document = Document(str(path))
    for properties in document.element.body.iter(qn("wp:docPr")):
        if properties.get("descr", "").startswith("QR code"):
            inline = properties.getparent()
            blip = next(inline.iter(qn("a:blip")))
            return properties.get("descr"), document.part.related_parts[
                blip.get(qn("r:embed"))
            ].blob
    raise AssertionError("no QR code on the poster")


def scanned(picture: Path) -> list[str]:
    """What zbarimg reads from the QR codes in a picture."""
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(picture)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_poster_says_the_topic_day_time_place_cpd_and_how_to_book(booked_on, session, tmp_path):
    booked_on.edit_session(session.id, venue="Seminar Room 2, Education Centre")
    done = booked_on.promote(session.id, tmp_path)
    assert done.poster == tmp_path / "poster.docx"
    text = text_of(done.poster)
    for said in (
        "Nursing Reading Group",
        "Therapeutic engagement",
        "Thursday 12 November 2026",
        "14:00–15:00",
        "Seminar Room 2, Education Centre",
        "2.5 hours of CPD for your NMC revalidation",
        "Book your place",
        "10 places. Scan the QR code, or go to:",
        FORM,
        "Scan to book",
        "This session's article:",
    ):
        assert said in text, said
    document = Document(str(done.poster))
    assert document.sections[0].footer.paragraphs[0].text == (
        "Library and Knowledge Service · Questions? library@example.nhs.uk"
    )
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert links.count(FORM) >= 1  # the link in the text, and the QR code, open the form
    alt, _ = qr_picture(done.poster)
    assert alt == f"QR code to book a place: {FORM}"


def test_the_poster_for_a_workshop_lists_its_learning_outcomes(booked_on, workshop, tmp_path):
    text = text_of(booked_on.promote(workshop.id, tmp_path).poster)
    assert "Learning outcomes" in text and "Save searches and set up alerts" in text
    assert "Online on Microsoft Teams" in text
    assert "The joining link comes with your booking confirmation." in text
    assert "Read one article" not in text


def test_the_poster_passes_the_accessibility_checks(booked_on, workshop, tmp_path):
    (booked_on.root / "logo.png").write_bytes(png())
    path = booked_on.promote(workshop.id, tmp_path).poster
    document = Document(str(path))
    assert_accessible(document, path.name)
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [workshop.title]
    assert document.core_properties.title == "Session poster"
    described = sorted(p.get("descr") for p in document.element.body.iter(qn("wp:docPr")))
    assert described == [
        "Library and Knowledge Service logo",
        "QR code to book a place: https://library.libcal.com/event/1234567",
    ]


@needs_zbar
def test_the_posters_qr_code_decodes_to_the_booking_link(booked_on, session, tmp_path):
    booked_on.edit_session(session.id, booking_link=LONG_FORM)
    _, picture = qr_picture(booked_on.promote(session.id, tmp_path).poster)
    (tmp_path / "qr.png").write_bytes(picture)
    assert scanned(tmp_path / "qr.png") == [LONG_FORM]


def _a4(pdf: Path) -> bool:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf.read_bytes())
    return bool(boxes) and all((round(float(w)), round(float(h))) == (595, 842) for w, h in boxes)


@needs_pdf_tools
def test_the_fullest_posters_print_on_one_a4_page_and_their_qr_code_scans(
    booked_on, session, workshop, tmp_path
):
    # A logo, a long link, and a workshop's five learning outcomes under a long title, or a
    # reading group's two articles under a title full of symbols.
    (booked_on.root / "logo.png").write_bytes(png())
    booked_on.edit_session(workshop.id, booking_link=LONG_FORM)
    booked_on.edit_session(
        session.id,
        title='<b>O\'Neill</b> =HYPERLINK("x"): ward rounds & what patients say',
        booking_link=LONG_FORM,
    )
    booked_on.add_articles(session.id, [3])
    done = booked_on.promote(workshop.id, tmp_path / "workshop", pdf=True)
    assert done.pdf == tmp_path / "workshop" / "poster.pdf" and done.written[-1] == done.pdf
    other = booked_on.promote(session.id, tmp_path / "group").poster
    [second] = to_pdf([other.rename(other.with_name("group-poster.docx"))])
    for pdf in (done.pdf, second):
        assert _a4(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", str(pdf), str(pdf.with_suffix(""))],
            check=True,
            timeout=120,
        )
        pages = sorted(pdf.parent.glob(f"{pdf.stem}*.png"))
        assert len(pages) == 1, pdf  # everything on one sheet of A4
        assert scanned(pages[0]) == [LONG_FORM]


def test_a_short_title_is_large_and_a_long_one_smaller_to_keep_one_page(booked_on, session):
    from readinggroups.documents.poster import title_points
    from readinggroups.promotion import announce

    short = announce(booked_on.session(session.id), booked_on.config)
    assert title_points(short, logo=True) == 40
    longer = dataclasses.replace(short, title="Therapeutic engagement on acute wards " * 4)
    assert title_points(longer, logo=True) < 40
    assert title_points(dataclasses.replace(short, title="x " * 500), logo=True) == 20


def test_an_edited_poster_template_is_used_and_a_misspelt_field_named(booked_on, session, tmp_path):
    booked_on.copy_templates()
    template = booked_on.root / "templates" / "poster.docx"
    document = Document(str(template))
    document.add_paragraph("Tea and biscuits provided. Ask {{ facilitator }}.")
    document.save(str(template))
    done = booked_on.promote(session.id, tmp_path)
    assert "Tea and biscuits provided. Ask Helen Marsh." in text_of(done.poster)
    document.add_paragraph("{{ sesion_title }}")
    document.save(str(template))
    with pytest.raises(TemplateError, match=r"poster.docx: unknown field \{\{ sesion_title \}\}"):
        booked_on.promote(session.id, tmp_path / "again")
    assert not (tmp_path / "again" / "post.txt").exists()  # nothing written


# -- the command line -----------------------------------------------------------------------------


def test_promote_help_names_its_files_and_options():
    done = run("promote", "--help")
    for said in ("post.txt", "post-long.txt", "poster.docx", "--out", "--pdf", "280"):
        assert said in done.stdout, said


def test_promote_from_the_command_line_writes_into_the_workspace(booked_on, session, tmp_path):
    done = run("promote", str(session.id), cwd=booked_on.root)
    folder = Path("output") / "promotion" / f"session-{session.id}"
    assert done.stdout.splitlines()[:3] == [
        f"Wrote {folder / 'post.txt'}",
        f"Wrote {folder / 'post-long.txt'}",
        f"Wrote {folder / 'poster.docx'}",
    ]
    assert "of X's 280 characters (its link counted as 23)." in done.stdout
    written = booked_on.root / folder
    assert sorted(p.name for p in written.iterdir()) == ["post-long.txt", "post.txt", "poster.docx"]
    again = run("-w", str(booked_on.root), "promote", str(session.id), "--out", str(tmp_path))
    assert f"Wrote {tmp_path / 'poster.docx'}" in again.stdout


def test_the_workspace_error_for_no_link_names_the_session(workspace, session):
    with pytest.raises(ReadingGroupsError, match="session 1 has no booking link"):
        workspace.promote(session.id)


def test_a_workshop_on_the_groups_booking_link_is_told_it_may_want_its_own(
    booked_on, workshop, tmp_path
):
    assert booked_on.promote(workshop.id, tmp_path / "own").notes == []  # it has its own
    booked_on.edit_session(workshop.id, booking_link="")
    done = booked_on.promote(workshop.id, tmp_path / "group's")
    assert done.notes == [
        f"the workshop uses the group's booking link ({FORM}); give it its own with "
        f"`readinggroups sessions edit {workshop.id} --booking-link URL`"
    ]
