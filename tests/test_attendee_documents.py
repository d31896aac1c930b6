"""Each attendee's CPD record and certificate, the batch renderer behind them, a nurse's CPD log."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from readinggroups import NotFoundError, ReadingGroupsError, TemplateError
from readinggroups.attendance.certificates import normalise
from readinggroups.documents import bulk
from readinggroups.documents.cpd import cycle
from readinggroups.documents.render import render_bytes

from .conftest import TEAMS, write
from .test_documents import HOSTILE, text_of


def by_kind(paths: list[Path], kind: str) -> list[Path]:
    return [p for p in paths if p.name.startswith(f"{kind}_")]


def facts(path: Path) -> dict[str, str]:
    """The label → value rows of a document's first two-column table."""
    table = next(t for t in Document(str(path)).tables if len(t.columns) == 2)
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def contents(docx: bytes) -> dict[str, bytes]:
    """Each part of a .docx, XML in canonical form."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: bulk.canonical(archive.read(name)) for name in archive.namelist()}


def test_cpd_record_holds_what_the_nmc_asks_a_record_to_hold(workspace, attended):
    written = workspace.make_forms(attended.id)
    record = next(p for p in by_kind(written, "cpd-record") if "Gareth-Llewellyn" in p.name)
    rows = facts(record)
    assert rows["Name"] == "Gareth Llewellyn"
    assert rows["Date"] == "12 November 2026, 14:00–15:00"
    assert rows["CPD method"].startswith("Participatory: group discussion")
    assert rows["Topic"].startswith("Therapeutic engagement. Article discussed: Okonkwo A")
    assert rows["Link to the Code"].startswith(
        "Paragraph 6.2: \u201cmaintain the knowledge and skills you need for safe and effective "
        "practice\u201d (under Standard 6: Always practise in line with the best available "
        "evidence)\n"
    )
    assert rows["Link to the Code"].endswith("\nThe Code (2015, updated 2018)")
    # 32 of 60 minutes, below the threshold: half an hour, by quarter hours.
    assert rows["Number of hours"] == "2"
    assert rows["Number of participatory hours"].startswith("0.5 (the group discussion;")
    certificate = next(p for p in by_kind(written, "certificate") if "Gareth-Llewellyn" in p.name)
    number = facts(certificate)["Certificate number"]
    assert rows["Evidence"] == f"Certificate of attendance number {number}"


def test_certificate_numbers_are_unique_kept_and_verifiable(workspace, attended, tmp_path):
    first = by_kind(workspace.make_forms(attended.id), "certificate")
    numbers = {p.name: facts(p)["Certificate number"] for p in first}
    assert len(set(numbers.values())) == 9
    assert all(normalise(n) == n for n in numbers.values())
    again = by_kind(workspace.make_forms(attended.id), "certificate")
    assert {p.name: facts(p)["Certificate number"] for p in again} == numbers  # a re-run keeps them

    aoife = next(n for name, n in numbers.items() if "Aoife-ONeill" in name)
    found = workspace.verify_certificate(aoife.lower().replace("-", " ").replace("0", "O"))
    assert found.person.name == "Aoife O'Neill" and found.session_id == attended.id
    with pytest.raises(NotFoundError, match="no certificate RG-"):
        workspace.verify_certificate("RG-0000-0000")
    with pytest.raises(NotFoundError, match="not a certificate number"):
        workspace.verify_certificate("hello")


def test_certificate_shows_the_hours_split_and_who_signs_for_it(workspace, attended):
    certificate = next(
        p
        for p in by_kind(workspace.make_forms(attended.id), "certificate")
        if "Zoë-Hartley" in p.name
    )
    text = text_of(certificate)
    assert "Certificate of attendance" in text and "Zoë Hartley" in text
    rows = facts(certificate)
    assert rows["Reading group"] == "Nursing Reading Group"
    assert rows["Participatory hours"] == "1 (the group discussion attended)"  # 58 minutes
    assert rows["Preparation offered"].startswith("1.5 hours of individual reading and notes")
    assert "not observed" in rows["Preparation offered"]
    assert rows["Total CPD hours"] == "2.5, including the preparation"
    assert rows["Facilitator"] == "Helen Marsh"
    assert rows["Library"] == "Library and Knowledge Service"


def test_the_batch_shortcut_matches_an_ordinary_render_for_every_hostile_name(
    workspace, session, tmp_path
):
    rows = "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",p{i}@example.nhs.uk,\n'
        for i, name in enumerate([*HOSTILE, "Aoife O'Neill", "Siobhán Ní Bhriain"])
    )
    workspace.import_bookings(session.id, write(tmp_path / "b.csv", "name,email,role\n" + rows))
    minutes = "".join(f"p{i}@example.nhs.uk,{50 + i}\n" for i in range(len(HOSTILE) + 2))
    workspace.import_attendance(session.id, write(tmp_path / "a.csv", "email,minutes\n" + minutes))
    used = []
    real_first = bulk.Batch._first

    def first(batch, values, out):
        done = real_first(batch, values, out)
        used.append(batch._shortcut)
        return done

    bulk.Batch._first = first
    try:
        written = workspace.make_forms(session.id, tmp_path / "out")
    finally:
        bulk.Batch._first = real_first
    assert used == [True, True, True]  # the shortcut was taken for all three documents

    # Each file is exactly what docxtpl itself makes of the template for that person.
    from readinggroups.documents.context import UNTICKED
    from readinggroups.documents.forms import (
        DOCUMENTS,
        file_name,
        personal_facts,
        shared_facts,
    )
    from readinggroups.documents.render import template_path

    shared = shared_facts(workspace.document_settings, workspace.session(session.id))
    for booking in workspace.bookings(session.id):
        for kind, template in DOCUMENTS.items():
            ordinary = render_bytes(
                template_path(template),
                shared | personal_facts(booking.session, booking),
                ticks=UNTICKED if kind == "reflective-account" else None,
            )
            made = (tmp_path / "out" / file_name(kind, booking.session, booking)).read_bytes()
            assert contents(made) == contents(ordinary), (kind, booking.person.name)
    assert len(written) == 3 * (len(HOSTILE) + 2)


def test_a_template_that_tests_a_personal_field_is_rendered_the_ordinary_way(tmp_path):
    document = Document()
    document.add_paragraph("Hello {{ name }}")
    document.add_paragraph("{% if name == 'Zoë' %}Welcome back{% endif %}.")
    template = tmp_path / "conditional.docx"
    document.save(template)
    batch = bulk.Batch(template, {}, ("name",))
    for name in ("Aoife", "Zoë", "Priya"):
        batch.write({"name": name}, tmp_path / f"{name}.docx")
    assert not batch._shortcut
    texts = {n: text_of(tmp_path / f"{n}.docx") for n in ("Aoife", "Zoë", "Priya")}
    assert "Welcome back" in texts["Zoë"]
    assert "Welcome back" not in texts["Aoife"] and "Welcome back" not in texts["Priya"]
    assert "Hello Priya" in texts["Priya"]


def test_forms_bundle_one_folder_per_attendee(workspace, attended, tmp_path):
    [bundle] = workspace.make_forms(attended.id, tmp_path / "out", bundle=True)
    assert bundle.name == "forms_2026-11-12_session-1.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        folders = {name.split("/")[0] for name in names}
        assert len(folders) == 9 and len(names) == 27
        zoe = next(f for f in folders if f.startswith("Zoë-Hartley_"))
        assert sorted(n.split("/")[1].split("_")[0] for n in names if n.startswith(zoe)) == [
            "certificate",
            "cpd-record",
            "reflective-account",
        ]
    assert list((tmp_path / "out").iterdir()) == [bundle]  # nothing else left behind


def test_pdf_without_libreoffice_says_how_to_get_it_and_writes_nothing(
    workspace, attended, tmp_path, monkeypatch
):
    from readinggroups.documents import pdf

    # A machine without LibreOffice: nothing on the PATH, nothing where installers put it.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_KNOWN_PLACES", ())
    with pytest.raises(ReadingGroupsError, match="install it free from https://www.libreoffice"):
        workspace.make_forms(attended.id, tmp_path / "out", pdf=True)
    assert not (tmp_path / "out").exists()
    monkeypatch.setenv("READINGGROUPS_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ReadingGroupsError, match="READINGGROUPS_SOFFICE names .*no-such-soffice"):
        workspace.make_pack(attended.id, tmp_path / "out", pdf=True)
    assert not (tmp_path / "out").exists()


def test_a_rerun_regenerates_cleanly(workspace, attended, tmp_path):
    out = tmp_path / "out"
    first = workspace.make_forms(attended.id, out)
    (out / first[0].name).write_bytes(b"half a file")  # as if a crash had left it
    second = workspace.make_forms(attended.id, out)
    assert sorted(first) == sorted(second)
    assert sorted(out.iterdir()) == sorted(second)  # no temporary files left
    Document(str(out / first[0].name))  # whole again


# -- a nurse's CPD log -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revalidation", "today", "expected"),
    [
        (None, dt.date(2026, 11, 22), (dt.date(2023, 11, 22), dt.date(2026, 11, 22))),
        (dt.date(2027, 4, 1), dt.date(2026, 11, 22), (dt.date(2024, 4, 1), dt.date(2027, 4, 1))),
        # A date already gone: the next period is three years on.
        (dt.date(2025, 4, 1), dt.date(2026, 11, 22), (dt.date(2025, 4, 1), dt.date(2028, 4, 1))),
        # A date far ahead: the period that contains today.
        (dt.date(2031, 4, 1), dt.date(2026, 11, 22), (dt.date(2025, 4, 1), dt.date(2028, 4, 1))),
        (dt.date(2028, 2, 29), dt.date(2026, 1, 1), (dt.date(2025, 2, 28), dt.date(2028, 2, 29))),
    ],
)
def test_the_revalidation_period(revalidation, today, expected):
    assert cycle(revalidation, today) == expected


def test_cpd_log_totals_the_sessions_attended_in_the_period(workspace, attended, tmp_path):
    later = workspace.new_session(
        date=dt.date(2027, 1, 14), start="12:30", minutes=90, title="Safe staffing"
    )
    workspace.add_articles(later.id, [3])
    workspace.import_bookings(
        later.id,
        write(tmp_path / "b.csv", "name,email\nAoife O'Neill,aoife.oneill@example.nhs.uk\n"),
    )
    workspace.import_attendance(
        later.id, write(tmp_path / "a.csv", "email,minutes\naoife.oneill@example.nhs.uk,90\n")
    )
    path, log = workspace.cpd_log(
        "Aoife.ONeill@example.nhs.uk", tmp_path / "logs", today=dt.date(2027, 2, 1)
    )
    assert len(log.entries) == 2 and log.outside == 0
    # 59 of 60 minutes (the full hour) + 1.5 preparation, then 90 of 90 minutes + 1.5.
    assert log.participatory == pytest.approx(1 + 1.5)
    assert log.total == pytest.approx(1 + 1.5 + 1.5 + 1.5)
    text = text_of(path)
    assert "Aoife O'Neill" in text and "18I0457E" in text
    assert "5.5 hours of CPD, 2.5 of them participatory" in text
    assert "35 hours, at least 20 participatory" in text
    table = next(t for t in Document(str(path)).tables if len(t.columns) == 8)
    dates = [row.cells[0].text for row in table.rows[1:]]
    assert dates == ["12 Nov 2026", "14 Jan 2027"]
    assert all(row.cells[6].text.startswith("RG-") for row in table.rows[1:])
    # Room for how each session related to her practice, as a CPD record must say.
    assert table.rows[0].cells[7].text == "How it related to my practice"
    assert all(row.cells[7].text == "" for row in table.rows[1:])

    # With a revalidation date whose period began after the first session, it is not counted.
    _, log = workspace.cpd_log(
        "aoife.oneill@example.nhs.uk",
        tmp_path / "logs",
        revalidation="2029-12-01",
        today=dt.date(2027, 2, 1),
    )
    assert len(log.entries) == 1 and log.outside == 1
    _, kept = workspace.cpd_log("aoife.oneill@example.nhs.uk", tmp_path / "logs")
    assert kept.person.revalidation_date == dt.date(2029, 12, 1)  # remembered


def test_cpd_log_for_an_unknown_email_is_one_clear_error(workspace, attended):
    with pytest.raises(NotFoundError, match="nobody with the email 'x@example.nhs.uk'"):
        workspace.cpd_log("x@example.nhs.uk")


def test_a_corrected_report_withdraws_a_certificate_and_its_documents(
    workspace, attended, tmp_path
):
    out = tmp_path / "out"
    first = workspace.make_forms(attended.id, out)
    gareth = next(p for p in by_kind(first, "certificate") if "Gareth-Llewellyn" in p.name)
    number = facts(gareth)["Certificate number"]
    assert workspace.verify_certificate(number).person.name == "Gareth Llewellyn"
    # The corrected report: Gareth did not come after all.
    lines = TEAMS.read_bytes().decode("utf-16").split("\n")
    corrected = "\n".join(line for line in lines if "Gareth" not in line).replace(
        "Attended participants\t10", "Attended participants\t9"
    )
    (tmp_path / "corrected.csv").write_bytes(corrected.encode("utf-16"))
    workspace.import_attendance(attended.id, tmp_path / "corrected.csv")
    with pytest.raises(
        ReadingGroupsError, match=f"{number} was issued to Gareth Llewellyn.*withdrawn"
    ):
        workspace.verify_certificate(number)
    again = workspace.make_forms(attended.id, out)
    assert not any("Gareth-Llewellyn" in p.name for p in out.iterdir())
    assert sorted(out.iterdir()) == sorted(again)


def test_a_template_that_fails_halfway_leaves_the_folder_as_it_was(workspace, attended, tmp_path):
    out = tmp_path / "out"
    before = sorted(p.name for p in workspace.make_forms(attended.id, out))
    workspace.copy_templates()
    record = workspace.root / "templates" / "cpd_log_entry.docx"
    document = Document(str(record))
    document.add_paragraph("{{ nmae }}")
    document.save(str(record))
    with pytest.raises(TemplateError, match="unknown field"):
        workspace.make_forms(attended.id, out)
    assert sorted(p.name for p in out.iterdir()) == before
