"""Write the notebooks in this folder from their cells: `uv run python notebooks/make_notebooks.py`.

Kept so the notebooks stay small, output-free and consistent; edit the cells here or in JupyterLab.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent

READING_GROUP = [
    new_markdown_cell(
        "# Run a reading group session\n\n"
        "This notebook walks through one session from start to finish: import your literature "
        "search, choose an article, book nurses on, write the session pack, and after the "
        "session import the Teams attendance report and write each attendee's pre-filled NMC "
        "reflective account form.\n\n"
        "**To use it:** change the values in the next cell, then run the cells from top to "
        "bottom (*Run → Run All Cells*). As it is, it runs on the sample files that come with "
        "readinggroups, so you can try it first."
    ),
    new_code_cell(
        "# Parameters: change these for your own group and session.\n"
        "from readinggroups.demo import sample_file\n\n"
        'WORKSPACE = "my-reading-group"  # a folder; created the first time\n'
        'GROUP = "Nursing Reflective Reading Group"\n'
        'LIBRARY = "Library and Knowledge Service"\n'
        'FACILITATOR = "Helen Marsh, Clinical Librarian"\n\n'
        "# Search exports: RIS (CINAHL, Ovid, ...) or PubMed format files.\n"
        'SEARCH_EXPORTS = [sample_file("search_export.ris"), sample_file("pubmed_export.txt")]\n\n'
        "SESSION_ID = None  # None plans a new session; put a number to carry on with one\n"
        'SESSION_DATE = "2026-11-12"\n'
        'START = "14:00"\n'
        "MINUTES = 60\n"
        'TITLE = "Therapeutic engagement on acute wards"\n'
        'VENUE = "Microsoft Teams"\n'
        "CAPACITY = 10\n"
        'CODE_STANDARDS = ["6.2", "9.3", "22.3"]  # paragraphs of the Code the session relates to\n'
        'ARTICLE_SEARCH = "therapeutic engagement"  # words from the title of the article to use\n\n'
        'BOOKINGS_FILE = sample_file("bookings.csv")  # name,email[,role,team,nmc_pin]\n'
        'ATTENDANCE_REPORT = sample_file("teams_attendance.csv")  # None until after the session\n'
        "# From the sign-in sheet: email -> (minutes, name for someone who came unbooked or None)\n"
        'MARK = {"sam.visitor@example.nhs.uk": (60, "Sam Visitor")}\n',
        metadata={"tags": ["parameters"]},
    ),
    new_markdown_cell(
        "## 1. Open the workspace\nThe workspace keeps everything for this group in one folder."
    ),
    new_code_cell(
        "from pathlib import Path\n\n"
        "from readinggroups import Workspace\n\n"
        'if (Path(WORKSPACE) / "readinggroups.toml").exists():\n'
        "    ws = Workspace.open(WORKSPACE)\n"
        "else:\n"
        "    ws = Workspace.create(WORKSPACE, group=GROUP, library=LIBRARY, facilitator=FACILITATOR)\n"
        "ws"
    ),
    new_markdown_cell(
        "## 2. Import the search results\nDuplicates (the same DOI or PMID) are merged, "
        "so importing the same export twice adds nothing."
    ),
    new_code_cell(
        "imported = ws.import_articles(SEARCH_EXPORTS)\n"
        "print(imported.summary())\n"
        "for warning in imported.warnings:\n"
        "    print(warning)\n"
        'ws.articles_table()[["id", "title", "journal", "year", "doi"]]'
    ),
    new_markdown_cell("## 3. Plan the session and choose the article"),
    new_code_cell(
        "if SESSION_ID is None:\n"
        "    session = ws.new_session(date=SESSION_DATE, start=START, minutes=MINUTES, title=TITLE,\n"
        "                             venue=VENUE, capacity=CAPACITY, code_standards=CODE_STANDARDS)\n"
        "    SESSION_ID = session.id\n"
        "table = ws.articles_table()\n"
        'chosen = table[table["title"].str.contains(ARTICLE_SEARCH, case=False, regex=False)]\n'
        'session = ws.add_articles(SESSION_ID, chosen["id"].head(1).tolist())\n'
        'print(f"Session {session.id}: {session.title}, {session.date:%d %B %Y}")\n'
        "[article.title for article in session.articles]"
    ),
    new_markdown_cell(
        "## 4. Book nurses on\nPast the session's capacity, people go on the waiting list in the "
        "order they booked. To cancel someone, use `ws.cancel_booking(SESSION_ID, email)`: the "
        "first person waiting takes the place."
    ),
    new_code_cell(
        "booked = ws.import_bookings(SESSION_ID, BOOKINGS_FILE)\n"
        "print(booked.summary())\n"
        'ws.attendance_table(SESSION_ID)[["name", "email", "team", "status"]]'
    ),
    new_markdown_cell(
        "## 5. Write the session pack\nSend it to everyone booked a week or more before the session."
    ),
    new_code_cell("ws.make_pack(SESSION_ID)"),
    new_markdown_cell(
        "## 6. After the session: attendance\nDownload the attendance report from the Teams "
        "meeting (*Attendance* tab) and put its path in `ATTENDANCE_REPORT` above. Anyone below "
        "the attendance threshold (75% of the session unless you changed it) counts as partial."
    ),
    new_code_cell(
        "came = ws.import_attendance(SESSION_ID, ATTENDANCE_REPORT) if ATTENDANCE_REPORT else None\n"
        "if came:\n"
        "    print(came.summary())\n"
        'ws.attendance_table(SESSION_ID)[["name", "status", "minutes_attended", "participatory_hours"]]'
    ),
    new_markdown_cell(
        "### Review who the report could not place\n"
        "People matched by name, names that could be more than one person, and people who came "
        "without booking. Settle them with the sign-in sheet: `ws.mark_attendance(SESSION_ID, "
        '["email@nhs.net"], minutes=45)` marks someone; add `name="First Surname"` for a walk-in. '
        "Put them in `MARK` below (email → minutes, and a name for walk-ins) and run the cell."
    ),
    new_code_cell(
        "if came:\n"
        "    for presence, booking in came.by_name:\n"
        '        print(f"matched by name: {presence.name} = {booking.person.name}")\n'
        "    for presence, maybe in came.uncertain:\n"
        '        print(f"to review: {presence.name} ({presence.minutes} min) could be", '
        '", ".join(b.person.email for b in maybe))\n'
        "    for presence in came.unmatched:\n"
        "        print(f\"not booked: {presence.name} {presence.email or ''} "
        '({presence.minutes} min)")\n'
        "for email, (minutes, name) in MARK.items():\n"
        "    for booking in ws.mark_attendance(SESSION_ID, [email], minutes=minutes, name=name):\n"
        '        print(f"marked: {booking.person.name}, {booking.minutes_attended} min")'
    ),
    new_markdown_cell(
        "## 7. Attendees' documents and the attendance export\nFor each attendee: a reflective "
        "account form with the facts filled in (questions 2 to 4 are left for the nurse's own "
        "words), a CPD record and a certificate of attendance. `ws.make_forms(SESSION_ID, "
        "bundle=True)` puts them in one .zip with a folder per attendee; `pdf=True` adds PDFs "
        "(with LibreOffice installed)."
    ),
    new_code_cell(
        "documents = ws.make_forms(SESSION_ID) if ATTENDANCE_REPORT else []\n"
        "export = ws.export_attendance()\n"
        'print(f"{len(documents)} documents for {len(documents) // 3} attendees in "\n'
        "      f\"{documents[0].parent if documents else '-'}\")\n"
        'print(f"Attendance export: {export}")'
    ),
]


SELECT_ARTICLES = [
    new_markdown_cell(
        "# Choose the articles for the next session\n\n"
        "Import the exports of your literature search (RIS from CINAHL, Ovid or Scopus, PubMed "
        "files, BibTeX, CSV or Excel), see what was merged and skipped, rank the articles with "
        "the reasons for each score, and put your choice on the next session.\n\n"
        "**To use it:** change the values in the next cell and run all cells. As shipped it runs "
        "on the sample exports that come with readinggroups."
    ),
    new_code_cell(
        "# Parameters: change these.\n"
        "from readinggroups.demo import sample_file\n\n"
        'WORKSPACE = "my-reading-group"\n'
        'GROUP = "Nursing Reflective Reading Group"\n'
        'EXPORTS = [sample_file("search_export.ris"), sample_file("pubmed_export.txt")]\n'
        "STRICT = False  # True refuses an import if any record cannot be used\n\n"
        "# Shortlist filters (None for no filter)\n"
        'QUERY = "nurses"  # words the article should mention\n'
        "SINCE = 2021  # earliest publication year\n"
        "DESIGN = None  # e.g. 'qualitative', 'rct', 'systematic review'\n"
        "LIMIT = 10\n\n"
        "REJECT = {}  # {article id: 'reason'}, e.g. {3: 'behind a paywall'}\n"
        "CHOOSE = 1  # how many of the top-ranked articles to put on the session\n"
        'SESSION = {"date": "2026-12-10", "start": "14:00", "title": "Next reading group"}',
        metadata={"tags": ["parameters"]},
    ),
    new_markdown_cell("## 1. Import the exports"),
    new_code_cell(
        "from pathlib import Path\n\n"
        "import pandas as pd\n\n"
        "from readinggroups import Workspace\n\n"
        'if (Path(WORKSPACE) / "readinggroups.toml").exists():\n'
        "    ws = Workspace.open(WORKSPACE)\n"
        "else:\n"
        "    ws = Workspace.create(WORKSPACE, group=GROUP)\n"
        "imported = ws.import_articles(EXPORTS, strict=STRICT)\n"
        "print(imported.summary())\n"
        "pd.Series(imported.files, name='records read')"
    ),
    new_markdown_cell(
        "## 2. What was merged, skipped or flagged\nDuplicates share a DOI, PMID or PMCID, or "
        "the same title, year and first author; the richer record is kept."
    ),
    new_code_cell(
        "for line in imported.merged + imported.warnings + imported.notices:\n    print(line)"
    ),
    new_markdown_cell(
        "## 3. The shortlist\nEach `reasons` entry adds up to the `score`. Change the filters "
        "in the parameters cell to narrow it."
    ),
    new_code_cell(
        'pd.set_option("display.max_colwidth", 200)\n'
        "shortlist = ws.shortlist(query=QUERY, since=SINCE, design=DESIGN, limit=LIMIT)\n"
        'shortlist[["id", "score", "title", "year", "design", "reasons"]]'
    ),
    new_markdown_cell("## 4. Record your decisions and choose for the session"),
    new_code_cell(
        "for article_id, reason in REJECT.items():\n"
        '    ws.mark_articles([article_id], "rejected", reason)\n'
        "shortlist = ws.shortlist(query=QUERY, since=SINCE, design=DESIGN, limit=LIMIT)\n"
        'chosen = shortlist["id"].head(CHOOSE).tolist()\n'
        'ws.mark_articles(chosen, "shortlisted")\n'
        "session = ws.new_session(**SESSION)\n"
        "session = ws.add_articles(session.id, chosen)\n"
        'print(f"Session {session.id} on {session.date:%d %B %Y}:")\n'
        "for article in session.articles:\n"
        "    print(f\"  {article.id}: {article.title} ({article.study_design or 'design not stated'})\")"
    ),
    new_markdown_cell("## 5. What the group has discussed so far"),
    new_code_cell("ws.discussed()"),
]


REPORT = [
    new_markdown_cell(
        "# The library's report\n\n"
        "Sessions, months, and how meeting monthly compares with every other month: booked, "
        "attended, partial, no-shows, late cancellations, waiting lists, unique and repeat "
        "attenders, teams and sites reached. The tables are written to `report.xlsx` and the "
        "charts as PNG files for your own reports.\n\n"
        "**To use it:** set the workspace in the next cell and run all cells. As shipped it "
        "makes the demo workspace first, so you can try it."
    ),
    new_code_cell(
        "# Parameters\n"
        'WORKSPACE = "my-reading-group"  # made with the demo if it does not exist yet\n'
        'SINCE = None  # e.g. "2026-01-01" for this year only\n',
        metadata={"tags": ["parameters"]},
    ),
    new_code_cell(
        "from pathlib import Path\n\n"
        "from IPython.display import Image, display\n\n"
        "from readinggroups import Workspace\n"
        "from readinggroups.demo import build_demo\n\n"
        'if not (Path(WORKSPACE) / "readinggroups.toml").exists():\n'
        "    print(build_demo(WORKSPACE))\n"
        "ws = Workspace.open(WORKSPACE)\n"
        "paths, report = ws.report(since=SINCE)\n"
        'print("Wrote", *paths, sep="\\n  ")'
    ),
    new_markdown_cell("## Per session"),
    new_code_cell("report.sessions"),
    new_markdown_cell("## Per month"),
    new_code_cell("report.months"),
    new_markdown_cell("## Monthly against every other month"),
    new_code_cell("report.schedule"),
    new_markdown_cell("## Charts"),
    new_code_cell("for chart in paths[1:]:\n    display(Image(filename=str(chart)))"),
    new_markdown_cell(
        "## For statistics outside the library\n"
        "Names, emails and NMC PINs replaced by stable pseudonyms; role, team and site kept."
    ),
    new_code_cell(
        "import pandas as pd\n\n"
        "anonymised = ws.export_people(anonymise=True, since=SINCE)\n"
        "print(anonymised)\n"
        "pd.read_excel(anonymised).head()"
    ),
]


def write(name: str, cells: list) -> None:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    write("01_select_articles.ipynb", SELECT_ARTICLES)
    write("reading_group.ipynb", READING_GROUP)
    write("03_report.ipynb", REPORT)
    print("wrote 01_select_articles.ipynb, reading_group.ipynb, 03_report.ipynb")
