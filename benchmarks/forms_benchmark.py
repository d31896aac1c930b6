"""Form speed: reflective account forms for 1,000 attendees, against two baselines.

    uv run python benchmarks/forms_benchmark.py [--attendees 1000] [--naive 150]

Builds a workspace with one session, 1,000 attendees (names with accents, apostrophes and
markup among them) and their attendance, then measures in the same run:
  - ours: readinggroups writing each attendee's reflective account form (the batch renderer:
    the template rendered once, then each person's text put in place);
  - (a) naive: loading the template from disk and rendering it with docxtpl for every form
    (timed on the first --naive attendees, as it is slow; forms per second are compared);
  - (b) floor: writing the template's zip once per form with one string replaced, its members
    stored uncompressed (what any program must at least do to write 1,000 .docx files).
Targets: at least 5x faster than (a), no more than 2x the time of (b).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import tempfile
import time
import zipfile
from pathlib import Path

FIRST = ["Aoife", "Siobhán", "Zoë", "Priya", "Kwame", "Tomasz", "Chiamaka", "Gareth", "Fatima"]
LAST = ["O'Neill", "Ní Bhriain", "Hartley", "Raman", "Mensah", "Nowak", "<b>Okafor</b> & Sons"]


def build(folder: Path, attendees: int):
    from readinggroups import Workspace
    from readinggroups.demo import sample_file

    workspace = Workspace.create(folder / "group", group="Benchmark Reading Group")
    workspace.import_articles([sample_file("search_export.ris")])
    session = workspace.new_session(
        date=dt.date(2026, 11, 12), start="14:00", title="Benchmark", capacity=500
    )
    workspace.add_articles(session.id, [9])
    people = [
        (f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}", f"nurse{n}@example.nhs.uk")
        for n in range(attendees)
    ]
    bookings = folder / "bookings.csv"
    bookings.write_text(
        "name,email\n" + "".join(f'"{name}",{email}\n' for name, email in people),
        encoding="utf-8",
    )
    minutes = folder / "attendance.csv"
    minutes.write_text(
        "email,minutes\n"
        + "".join(f"{email},{30 + n % 31}\n" for n, (_, email) in enumerate(people)),
        encoding="utf-8",
    )
    # Past 500 places people wait; those who come anyway are attendees all the same.
    workspace.import_bookings(session.id, bookings)
    workspace.import_attendance(session.id, minutes)
    return workspace, workspace.session(session.id)


def ours(workspace, session, out: Path) -> float:
    from readinggroups.documents.forms import write_attendee_documents

    bookings = workspace.bookings(session.id)
    start = time.perf_counter()
    write_attendee_documents(
        workspace.document_settings, session, bookings, out, kinds=("reflective-account",)
    )
    return time.perf_counter() - start


def naive(workspace, session, out: Path, count: int) -> float:
    """docxtpl, as its documentation shows it, once per form."""
    from docxtpl import DocxTemplate

    from readinggroups.documents.forms import personal_facts, shared_facts
    from readinggroups.documents.render import template_path

    template = template_path("reflective_account.docx")
    shared = shared_facts(workspace.document_settings, session)
    bookings = workspace.bookings(session.id)[:count]
    out.mkdir()
    start = time.perf_counter()
    for booking in bookings:
        document = DocxTemplate(template)
        personal = personal_facts(session, booking)
        document.render(shared | personal, autoescape=True)
        document.save(out / f"form-{booking.id}.docx")
    return time.perf_counter() - start


def floor(workspace, session, out: Path) -> float:
    """The template's zip written once per form, one string replaced: the least there is.

    Members are stored, not compressed: compressing costs more than the rest together, and
    a floor should be what no program can go below.
    """
    from readinggroups.documents.render import template_path

    with zipfile.ZipFile(template_path("reflective_account.docx")) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    names = [b.person.name.encode() for b in workspace.bookings(session.id)]
    out.mkdir()
    start = time.perf_counter()
    for n, name in enumerate(names):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for info, data in members:
                if info.filename == "word/document.xml":
                    data = data.replace(b"{{ name }}", name)
                archive.writestr(info.filename, data)
        (out / f"form-{n}.docx").write_bytes(buffer.getvalue())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendees", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=150, help="forms for the naive baseline")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        workspace, session = build(folder, options.attendees)
        count = options.attendees
        ours_s = ours(workspace, session, folder / "ours")
        made = len(list((folder / "ours").glob("*.docx")))
        assert made == count, made
        floor_s = floor(workspace, session, folder / "floor")
        naive_s = naive(workspace, session, folder / "naive", min(options.naive, count))
        rates = {
            "ours": count / ours_s,
            "naive": min(options.naive, count) / naive_s,
            "floor": count / floor_s,
        }
        print(f"{count} reflective account forms")
        print(f"  ours:              {ours_s:6.2f} s  {rates['ours']:7.1f} forms/s")
        print(
            f"  (a) naive docxtpl: {count / rates['naive']:6.2f} s  {rates['naive']:7.1f} forms/s"
            f"  (timed on {min(options.naive, count)})  -> ours is "
            f"{rates['ours'] / rates['naive']:.1f}x faster (target >= 5x)"
        )
        print(
            f"  (b) zip floor:     {floor_s:6.2f} s  {rates['floor']:7.1f} forms/s"
            f"  -> ours takes {ours_s / floor_s:.2f}x its time (target <= 2x)"
        )


if __name__ == "__main__":
    main()
