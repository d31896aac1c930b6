"""The `readinggroups` command: a thin layer over Workspace.

Each command parses its arguments, calls one Workspace verb and prints the result. Heavy
libraries are imported inside the commands so `readinggroups --help` stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from .articles import FORMAT_NAMES
from .errors import ReadingGroupsError
from .messages import KINDS
from .statuses import BookingStatus, SessionKind

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Folder(click.Path):
    """A folder to create; an empty name is refused rather than meaning 'here'."""

    def convert(self, value, param, ctx):
        if not str(value).strip():
            self.fail("give a folder name, e.g. my-group", param, ctx)
        return Path(super().convert(value, param, ctx))


FOLDER = _Folder(file_okay=False)


class _Group(click.Group):
    """Lists commands in the order they are used in a session, not alphabetically."""

    def list_commands(self, ctx):
        return list(self.commands)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "-w",
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder. Default: $READINGGROUPS_WORKSPACE, else this folder or a parent.",
)
@click.version_option(package_name="readinggroups")
@click.pass_context
def cli(ctx: click.Context, workspace_dir: Path | None) -> None:
    """Run reflective reading groups and library workshops for nurses: articles, sessions,
    bookings, attendance, session packs, pre-filled NMC reflective account forms, CPD records
    and certificates, promotion and the follow-up a month later.

    Start with `readinggroups demo ./demo-group` to see the whole journey on sample data,
    or `readinggroups init DIR --group NAME` for your own group.
    """
    ctx.obj = workspace_dir


def _workspace():
    from .workspace import Workspace

    workspace = Workspace.open(click.get_current_context().find_root().obj)
    if warning := workspace.shared_folder_warning():
        click.echo(f"Warning: {warning}", err=True)
    return workspace


def _warn(warnings: list[str], notices: Iterable[str] = ()) -> None:
    """What was skipped or needs a look, on standard error so CSV output stays clean."""
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    for notice in notices:
        click.echo(f"Note: {notice}", err=True)


def _short(text: str, width: int = 90) -> str:
    if not text:
        return "(untitled)"
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_yes_option = click.option(
    "--yes", is_flag=True, help="Send the messages this makes due without asking first."
)


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _out_folder(default: str):
    """An optional --out DIR, for commands that write into a folder of the workspace's own."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Folder to write to. Default: {default} in the workspace.",
    )


# -- set-up ------------------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT)
@click.argument("folder", type=FOLDER)
@click.option("--group", help='The reading group\'s name, e.g. "Nursing Reading Group".')
@click.option("--library", help="The library or knowledge service that runs it.")
@click.option("--facilitator", help="Who usually facilitates the sessions.")
@click.option(
    "--database",
    metavar="URL",
    help="Keep the data in this shared PostgreSQL database (postgresql://user@host/name), "
    "which the library network's workspaces share. Default: a SQLite file in FOLDER.",
)
@click.option(
    "--workspace",
    "key",
    metavar="KEY",
    help="Join a colleague's workspace in the shared database rather than starting one: its "
    "key, from `readinggroups db status`.",
)
def init(
    folder: Path,
    group: str | None,
    library: str | None,
    facilitator: str | None,
    database: str | None,
    key: str | None,
) -> None:
    """Create a workspace for a reading group in FOLDER, or join one in a shared database.

    \b
    readinggroups init my-group --group "Nursing Reading Group"
    readinggroups init my-group --group "Journal Club" --database postgresql://host/library
    readinggroups init my-group --database postgresql://host/library --workspace KEY
    """
    from .workspace import Workspace

    if key and not database:
        raise click.UsageError("--workspace joins a shared database: give its --database URL too")
    workspace = Workspace.create(
        folder,
        group=group,
        library=library,
        facilitator=facilitator,
        database=database,
        workspace=key,
    )
    verb = "Joined" if key else "Created"
    click.echo(f"{verb} the workspace for {workspace.config.group} in {_show(workspace.root)}")
    click.echo(f"Settings: {_show(workspace.root / 'readinggroups.toml')}")
    if database:
        click.echo(
            f"Its data is in the shared database as workspace {workspace.config.workspace!r}: "
            f"colleagues join it with `readinggroups init DIR --database URL --workspace "
            f"{workspace.config.workspace}`"
        )
    elif warning := workspace.shared_folder_warning():
        click.echo(f"Warning: {warning}", err=True)
    workspace.copy_notebooks()
    click.echo(f"Notebooks: {_show(workspace.root)}; open them with `readinggroups lab {folder}`")


@cli.command(context_settings={**CONTEXT, "ignore_unknown_options": True})
@click.argument("folder", type=FOLDER, required=False)
@click.option(
    "--keep-outputs",
    is_flag=True,
    help="Save notebooks with their outputs (they hold nurses' names); cleared by default.",
)
@click.argument("jupyter_args", nargs=-1, type=click.UNPROCESSED)
def lab(folder: Path | None, keep_outputs: bool, jupyter_args: tuple[str, ...]) -> None:
    """Open JupyterLab in the workspace FOLDER (default: the current workspace).

    Notebooks are saved without their outputs, so no names or emails stay in them; anything
    after the folder (e.g. --port 8890 --no-browser) goes to JupyterLab.
    """
    from .notebook.copies import open_lab
    from .workspace import Workspace

    if folder is not None and str(folder).startswith("-"):  # no folder: JupyterLab's options
        jupyter_args, folder = (str(folder), *jupyter_args), None
    workspace = Workspace.open(folder) if folder else _workspace()
    if copied := workspace.copy_notebooks():
        click.echo(f"Copied {len(copied)} notebooks into {_show(workspace.root)}")
    click.echo(f"Opening JupyterLab in {_show(workspace.root)} (Ctrl+C to stop)")
    raise SystemExit(open_lab(workspace.root, keep_outputs=keep_outputs, extra=jupyter_args))


@cli.command(context_settings=CONTEXT)
@click.argument("folder", type=FOLDER)
def demo(folder: Path) -> None:
    """Build a complete example workspace in FOLDER from sample data.

    Imports a search export, plans a session, books 12 nurses onto 10 places, cancels one,
    imports a Teams attendance report, and writes the session pack, the reflective account
    forms and the attendance export.
    """
    from .demo import build_demo

    summary = build_demo(folder, echo=click.echo)
    click.echo("")
    click.echo(summary)


# -- articles ------------------------------------------------------------------------------------


@cli.group(cls=_Group, context_settings=CONTEXT)
def articles() -> None:
    """Import and list articles from literature searches."""


@articles.command("import", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMAT_NAMES),
    help="Read the files as this format instead of judging from their content.",
)
@click.option("--strict", is_flag=True, help="Refuse the import if any record cannot be used.")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help='For CSV/Excel: the column holding a field, e.g. --map "title=Article Title".',
)
@click.option("--show-merged", is_flag=True, help="List each duplicate and what it merged into.")
def articles_import(files, format_, strict, mapping, show_merged) -> None:
    """Import search exports: RIS (CINAHL, Ovid, Scopus, ...), PubMed (MEDLINE or XML),
    BibTeX, CSV or Excel. One import is one transaction: a file that cannot be read imports
    nothing, and records that cannot be used are skipped with a warning (or, with --strict,
    refused)."""
    columns = {}
    for item in mapping:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(
                f"{item!r} should look like title=Article Title", param_hint="--map"
            )
        columns[field.strip()] = column.strip()
    result = _workspace().import_articles(files, format=format_, mapping=columns, strict=strict)
    _warn(result.warnings, result.notices)
    if show_merged:
        for line in result.merged:
            click.echo(f"  {line}")
    click.echo(f"Imported {result.summary()} (from {len(files)} file{'s' * (len(files) > 1)}).")


@articles.command("fetch", context_settings=CONTEXT)
@click.option("--pmid", "pmids", multiple=True, metavar="ID", help="A PubMed id (repeat for more).")
@click.option("--doi", "dois", multiple=True, metavar="DOI", help="A DOI (repeat for more).")
def articles_fetch(pmids, dois) -> None:
    """Fetch articles from PubMed by PMID or DOI (uses [pubmed] email and api_key from
    readinggroups.toml; answers are cached in the workspace)."""
    if not pmids and not dois:
        raise click.UsageError("name at least one --pmid or --doi")
    result = _workspace().fetch_articles(pmids=pmids, dois=dois)
    _warn(result.warnings, result.notices)
    asked = f"{result.requests} request{'s' * (result.requests != 1)} to PubMed"
    click.echo(f"Fetched {result.summary()} ({asked}).")


@articles.command("list", context_settings=CONTEXT)
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
def articles_list(as_csv: bool) -> None:
    """List the workspace's articles with their ids."""
    workspace = _workspace()
    if as_csv:
        _csv_out(workspace.articles_table().drop(columns=["abstract"]))
        return
    found = workspace.articles()
    if not found:
        click.echo("No articles yet: `readinggroups articles import FILE`.")
    for article in found:
        year = article.year or "n.d."
        click.echo(f"{article.id:>4}  {year}  {_short(article.title, 90)}")


@articles.command("shortlist", context_settings=CONTEXT)
@click.option("--since", type=int, metavar="YEAR", help="Only articles from this year on.")
@click.option("--query", metavar="TEXT", help="Only articles mentioning any of these words.")
@click.option(
    "--type",
    "design",
    metavar="TYPE",
    help="Only one study design: systematic review, rct, cohort, case-control, "
    "qualitative, economic, diagnostic, guideline, opinion.",
)
@click.option("--has-abstract", is_flag=True, help="Only articles with an abstract.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--csv", "as_csv", is_flag=True, help="Write CSV (with every reason) to standard output."
)
def articles_shortlist(since, query, design, has_abstract, limit, as_csv) -> None:
    """Rank articles for the next session, with the reasons for each score."""
    frame = _workspace().shortlist(
        since=since, query=query, design=design, has_abstract=has_abstract, limit=limit
    )
    if as_csv:
        _csv_out(frame)
        return
    if frame.empty:
        click.echo("No articles match: loosen the filters or import more.")
    for row in frame.itertuples():
        mark = f" [{row.status}]" if row.status else ""
        click.echo(f"{row.id:>4}  {row.score:>3}  {_short(row.title, 80)}{mark}")
        click.echo(f"           {row.reasons}")


@articles.command("mark", context_settings=CONTEXT)
@click.argument("article_ids", metavar="ARTICLE...", nargs=-1, required=True, type=int)
@click.option("--shortlisted", is_flag=True, help="Mark as shortlisted.")
@click.option("--rejected", is_flag=True, help="Mark as rejected.")
@click.option("--clear", is_flag=True, help="Remove the mark.")
@click.option("--note", help="Why, e.g. 'behind a paywall' or 'too long for one session'.")
def articles_mark(article_ids, shortlisted, rejected, clear, note) -> None:
    """Mark articles shortlisted or rejected (with a note), or clear the mark."""
    from .statuses import ArticleMark

    chosen = [
        mark
        for mark, on in (
            (ArticleMark.SHORTLISTED, shortlisted),
            (ArticleMark.REJECTED, rejected),
            (None, clear),
        )
        if on
    ]
    if len(chosen) != 1:
        raise click.UsageError("say one of --shortlisted, --rejected or --clear")
    status = chosen[0]
    for article in _workspace().mark_articles(article_ids, status, note):
        click.echo(
            f"{article.id:>4}  {article.status or 'unmarked':<11} {_short(article.title, 80)}"
        )


@articles.command("history", context_settings=CONTEXT)
def articles_history() -> None:
    """The articles this group has chosen for its sessions, newest first."""
    frame = _workspace().discussed()
    if frame.empty:
        click.echo("No articles chosen for a session yet.")
    for row in frame.itertuples():
        click.echo(
            f"{row.session_date}  session {row.session_id}  article {row.article_id}: "
            f"{_short(row.article_title, 80)}"
        )


def _csv_out(frame) -> None:
    """A table to standard output as CSV, with cells Excel would run as formulas defused."""
    from .exports import defused

    defused(frame).to_csv(sys.stdout, index=False)


# -- sessions ------------------------------------------------------------------------------------


@cli.group(cls=_Group, context_settings=CONTEXT)
def sessions() -> None:
    """Plan reading groups and workshops, and choose a reading group's articles."""


@sessions.command("new", context_settings=CONTEXT)
@click.option("--date", "date_", required=True, help="The day, as YYYY-MM-DD.")
@click.option("--start", required=True, help="Start time, as HH:MM (24-hour).")
@click.option(
    "--minutes",
    type=click.IntRange(min=1),
    help="Length of the session. Default: sessions.minutes, or workshops.minutes for a workshop.",
)
@click.option("--title", required=True, help="The session's title (a workshop's topic).")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SessionKind]),
    default=SessionKind.READING_GROUP.value,
    show_default=True,
    help="A reading group discusses an article; a workshop teaches a topic to learning "
    "outcomes (no article, and no reflective account form unless workshops.reflective_form).",
)
@click.option(
    "--series",
    metavar="NAME",
    help="The series it belongs to, e.g. 'Finding the Evidence'. Default: the group's own for "
    "a reading group, workshops.series for a workshop.",
)
@click.option(
    "--outcome",
    "outcomes",
    multiple=True,
    metavar="TEXT",
    help="A workshop's learning outcome (repeat for each).",
)
@click.option("--venue", help="Room, or 'Microsoft Teams'.")
@click.option("--capacity", type=click.IntRange(min=1), help="Places before the waiting list.")
@click.option("--facilitator", help="Who facilitates this session.")
@click.option(
    "--booking-link", metavar="URL", help="Where to book it (default: group.booking_link)."
)
@click.option(
    "--survey-link",
    metavar="URL",
    help="This session's follow-up survey (default: followup.survey_link).",
)
@click.option(
    "--standard",
    "standards",
    multiple=True,
    help="A paragraph (6.2) or standard (6) of the Code the session relates to; repeat for "
    "more. Default: sessions.code_standards in readinggroups.toml (6.2, 9.3 and 22.3), or "
    "workshops.code_standards for a workshop (6.2 and 22.3).",
)
def sessions_new(
    date_, start, minutes, title, kind, series, outcomes, venue, capacity, facilitator,
    booking_link, survey_link, standards,
) -> None:  # fmt: skip
    """Plan a session: a reading group (the default) or, with --kind workshop, a workshop.
    Prints the new session's id on the last line."""
    session = _workspace().new_session(
        date=date_,
        start=start,
        minutes=minutes,
        title=title,
        kind=kind,
        series=series,
        learning_outcomes=list(outcomes) if outcomes else None,
        venue=venue,
        capacity=capacity,
        facilitator=facilitator,
        booking_link=booking_link,
        survey_link=survey_link,
        code_standards=standards or None,
    )
    if session.already_planned:
        click.echo(
            f"Session {session.id}, {session.title!r} on {session.date}, was already planned: "
            f"kept as it is (`readinggroups sessions edit {session.id}` changes it)."
        )
    else:
        what = "workshop" if session.is_workshop else "reading group"
        click.echo(
            f"Planned the {what} {session.title!r} on {session.date} at {session.start:%H:%M} "
            f"for {session.minutes} minutes, {session.capacity} places."
        )
    click.echo(session.id)


@sessions.command("add-article", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("article_ids", metavar="ARTICLE...", nargs=-1, required=True, type=int)
def sessions_add_article(session_id: int, article_ids: tuple[int, ...]) -> None:
    """Choose articles (by id) for a session."""
    session = _workspace().add_articles(session_id, article_ids)
    for article in session.articles:
        click.echo(f"{article.id:>4}  {_short(article.title, 90)}")


@sessions.command("remove-article", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("article_ids", metavar="ARTICLE...", nargs=-1, required=True, type=int)
def sessions_remove_article(session_id: int, article_ids: tuple[int, ...]) -> None:
    """Take articles (by id) off a session."""
    session = _workspace().remove_articles(session_id, article_ids)
    if not session.articles:
        click.echo(
            f"Session {session_id} has no article now: `readinggroups sessions add-article`."
        )
    for article in session.articles:
        click.echo(f"{article.id:>4}  {_short(article.title, 90)}")


@sessions.command("edit", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--link", "online_link", metavar="URL", help="The Teams or Zoom joining link.")
@click.option("--booking-link", metavar="URL", help="Where to book (empty: the group's link).")
@click.option("--survey-link", metavar="URL", help="Its follow-up survey (empty: the group's).")
@click.option(
    "--outcome",
    "outcomes",
    multiple=True,
    metavar="TEXT",
    help="A workshop's learning outcome, replacing its outcomes (repeat for each).",
)
@click.option(
    "--question",
    "questions",
    multiple=True,
    metavar="TEXT",
    help="A discussion question for the pack (repeat for each); replaces the model's.",
)
@click.option(
    "--model-questions", is_flag=True, help="Go back to the reflective model's questions."
)
@click.option("--title", help="A new title.")
@click.option("--venue", help="A new room, or 'Microsoft Teams'.")
@click.option("--minutes", type=click.IntRange(min=1), help="A new length of the discussion.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="A new day.")
@click.option("--start", metavar="HH:MM", help="A new start time.")
@click.option(
    "--capacity",
    type=click.IntRange(min=1),
    help="A new number of places: people move on or off the waiting list in booking order.",
)
@click.option(
    "--standard",
    "standards",
    multiple=True,
    help="A paragraph (6.2) or standard (6) of the Code, replacing the session's (repeat for "
    "more).",
)
@_yes_option
def sessions_edit(
    session_id: int,
    online_link: str | None,
    booking_link: str | None,
    survey_link: str | None,
    outcomes: tuple[str, ...],
    questions: tuple[str, ...],
    model_questions: bool,
    title: str | None,
    venue: str | None,
    minutes: int | None,
    day: str | None,
    start: str | None,
    capacity: int | None,
    standards: tuple[str, ...],
    yes: bool,
) -> None:
    """Change a session: its joining link, booking or survey link, learning outcomes,
    questions, title, venue, day, time, length, places or Code references. Those holding its
    invitation are sent the update, and people moved by a change of places are told."""
    changes = (online_link, booking_link, survey_link, title, venue, minutes, day, start, capacity)
    if not (
        any(c is not None for c in changes) or questions or model_questions or standards or outcomes
    ):
        raise click.UsageError(
            "say what to change: --link, --booking-link, --survey-link, --outcome, --question, "
            "--model-questions, --title, --venue, --date, --start, --minutes, --capacity or "
            "--standard"
        )
    if questions and model_questions:
        raise click.UsageError("--question and --model-questions do not go together: choose one")
    chosen = [] if model_questions else (list(questions) if questions else None)
    workspace = _workspace()
    change = workspace.change_session(
        session_id,
        capacity=capacity,
        online_link=online_link,
        booking_link=booking_link,
        survey_link=survey_link,
        learning_outcomes=list(outcomes) if outcomes else None,
        questions=chosen,
        title=title,
        venue=venue,
        minutes=minutes,
        code_standards=list(standards) if standards else None,
        date=day,
        start=start,
    )
    if change.capacity:
        click.echo(f"{change.capacity.summary()}.")
    session = change.session
    click.echo(f"Session {session.id}: {session.title}")
    if session.online_link:
        click.echo(f"  joining link: {session.online_link}")
    if session.questions:
        click.echo(f"  {len(session.questions)} discussion questions of its own")
    # What this edit changed for people: their invitations, and places when those changed.
    moved = ("waiting", "promoted") if capacity is not None else ()
    _tell(workspace, session_id, ("updated", "released", *moved), yes)


@sessions.command("cancel", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--reason", metavar="TEXT", help="Why, e.g. 'facilitator unwell'; kept with it.")
@click.option(
    "--force",
    is_flag=True,
    help="Cancel even though attendance is recorded, withdrawing its certificates.",
)
@_yes_option
def sessions_cancel(session_id: int, reason: str | None, force: bool, yes: bool) -> None:
    """Cancel a session and tell everyone booked or waiting, with the calendar cancellation.
    Its bookings are kept; it takes no more and leaves the report's figures."""
    workspace = _workspace()
    click.echo(workspace.cancel_session(session_id, reason=reason, force=force).summary())
    _tell(workspace, session_id, ("cancelled",), yes)


@sessions.command("delete", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.option(
    "--force",
    is_flag=True,
    help="Delete even though attendance is recorded, withdrawing its certificates.",
)
def sessions_delete(session_id: int, force: bool) -> None:
    """Delete a session planned by mistake, with its bookings. To call off a real session,
    `sessions cancel` keeps who was booked."""
    click.echo(_workspace().delete_session(session_id, force=force).summary())


@sessions.command("list", context_settings=CONTEXT)
@click.option(
    "--kind", type=click.Choice([k.value for k in SessionKind]), help="Only sessions of this kind."
)
@click.option("--series", metavar="NAME", help="Only the sessions of this series.")
def sessions_list(kind: str | None, series: str | None) -> None:
    """List sessions with their ids, dates and articles (a workshop: its series)."""
    workspace = _workspace()
    found = workspace.sessions(kind=kind, series=series)
    if not found:
        click.echo(
            "No such sessions: `readinggroups sessions list` shows them all."
            if kind or series
            else "No sessions yet: `readinggroups sessions new --help`."
        )
    for session in found:
        cancelled = "  CANCELLED" if session.cancelled else ""
        if session.is_workshop:
            what = f"workshop, {session.series_name(workspace.config.group)}"
        else:
            chosen = ", ".join(str(a.id) for a in session.articles) or "none"
            what = f"articles: {chosen}"
        click.echo(
            f"{session.id:>4}  {session.date} {session.start:%H:%M}  {session.title}  "
            f"({what}){cancelled}"
        )
    from .wording import plural

    for session, registrants in workspace.sessions_short_of_bookings():
        click.echo(
            f"Session {session.id} on {session.date} has {plural(registrants, 'registrant')} "
            "booked, "
            f"fewer than {workspace.config.minimum_bookings}: promote it or cancel in good time."
        )


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@_out_folder("output/promotion/session-N")
@click.option("--pdf", is_flag=True, help="Also make a PDF of the poster (needs LibreOffice).")
def promote(session_id: int, out: Path | None, pdf: bool) -> None:
    """Write the posts and the poster that promote SESSION.

    \b
    post.txt       for X: at most 280 characters, each link counted as 23
    post-long.txt  for LinkedIn, a Teams channel or the staff bulletin
    poster.docx    an A4 poster with a QR code for the booking link

    \b
    The booking link is the session's own (sessions edit SESSION --booking-link URL),
    else booking_link under [group] in readinggroups.toml; the hashtags are
    [promotion] hashtags there."""
    done = _workspace().promote(session_id, out, pdf=pdf)
    _warn([], done.notes)
    for path in done.written:
        click.echo(f"Wrote {_show(path)}")
    click.echo(f"{done.summary()}.")


# -- bookings ------------------------------------------------------------------------------------


@cli.group(cls=_Group, context_settings=CONTEXT)
def bookings() -> None:
    """Book nurses onto a session; manage the waiting list."""


@bookings.command("import", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("file", type=click.Path(path_type=Path))
def bookings_import(session_id: int, file: Path) -> None:
    """Book everyone in a bookings file; past capacity they wait.

    A CSV with name,email[,role,team,site,nmc_pin,register,revalidation_date], or as exported
    by Microsoft Forms (.xlsx), LibCal or Eventbrite.
    """
    result = _workspace().import_bookings(session_id, file)
    _warn(result.warnings)
    click.echo(f"{result.summary()}.")
    for booking in result.waitlisted:
        click.echo(f"  waiting: {booking.person.name} <{booking.person.email}>")


@bookings.command("add", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--name", required=True, help="First name and surname.")
@click.option("--email", required=True, help="Their work email: who they are to readinggroups.")
@click.option("--role", help="Job title, e.g. Staff Nurse.")
@click.option("--team", help="Team or ward.")
@click.option("--nmc-pin", help="NMC PIN, e.g. 01A2345N.")
@click.option(
    "--register",
    help="Part of the NMC register, as on the statement of entry: RNA, RNMH, RM, NAR, HV, "
    "... (several as RNA;RM), or none.",
)
def bookings_add(session_id: int, name, email, role, team, nmc_pin, register) -> None:
    """Book one person (or put them on the waiting list when the session is full)."""
    done = _workspace().book(
        session_id,
        name=name,
        email=email,
        role=role,
        team=team,
        nmc_pin=nmc_pin,
        register=register,
    )
    person = done.booking.person
    where = "on the waiting list" if done.waiting else "booked"
    already = "already " if done.already else ""
    click.echo(f"{person.name} <{person.email}> is {already}{where}.")


@bookings.command("cancel", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("email")
@_yes_option
def bookings_cancel(session_id: int, email: str, yes: bool) -> None:
    """Cancel a booking (say, when they reply to the reminder); the first person waiting takes
    the place. They are sent the cancellation for their calendar, and the new person theirs."""
    workspace = _workspace()
    click.echo(workspace.cancel_booking(session_id, email).summary())
    _tell(workspace, session_id, ("released", "promoted"), yes)


@bookings.command("list", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
def bookings_list(session_id: int) -> None:
    """List a session's bookings and their status."""
    from .attendance.bookings import display_status

    for booking in _workspace().bookings(session_id):
        minutes = f" ({booking.minutes_attended} min)" if booking.minutes_attended else ""
        click.echo(
            f"{display_status(booking):<11} {booking.person.name} <{booking.person.email}>{minutes}"
        )


# -- attendance and documents ----------------------------------------------------------------------


@cli.group(cls=_Group, context_settings=CONTEXT)
def attendance() -> None:
    """Record who came, from a Teams attendance report or a CSV."""


@attendance.command("import", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("file", type=click.Path(path_type=Path))
def attendance_import(session_id: int, file: Path) -> None:
    """Import an attendance report: Teams (the report, or the older join/leave list; as
    downloaded, or re-saved as CSV or .xlsx), Zoom participants, or a CSV with email,minutes."""
    result = _workspace().import_attendance(session_id, file)
    click.echo(f"{result.summary()}.")
    if result.uncertain or result.unmatched:
        click.echo(
            f"Settle a name with `readinggroups attendance mark {session_id} EMAIL "
            "[--minutes N]`; add someone who came unbooked with "
            f'`readinggroups attendance mark {session_id} EMAIL --name "NAME" --minutes N`.'
        )


@attendance.command("mark", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("emails", metavar="EMAIL...", nargs=-1, required=True)
@click.option(
    "--minutes", type=int, help="Minutes attended. Default: the whole session; 0 = no-show."
)
@click.option("--name", help="Add this person as a walk-in (one EMAIL, not booked).")
def attendance_mark(
    session_id: int, emails: tuple[str, ...], minutes: int | None, name: str | None
) -> None:
    """Mark people as attending by hand: a sign-in sheet, a name to settle, a walk-in."""
    from .attendance.bookings import display_status

    for booking in _workspace().mark_attendance(session_id, emails, minutes=minutes, name=name):
        walk_in = " (walk-in)" if booking.status == BookingStatus.WALK_IN else ""
        click.echo(
            f"{display_status(booking):<8} {booking.person.name} <{booking.person.email}>"
            f"{walk_in}: {booking.minutes_attended} min"
        )


@attendance.command("settle", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("name")
@click.option("--as", "as_email", metavar="EMAIL", help="It is this booked person.")
@click.option("--walk-in", "walk_in", metavar="EMAIL", help="Add them as a walk-in.")
@click.option("--ignore", is_flag=True, help="Not an attendee (a visitor, a second login).")
@click.option(
    "--minutes",
    type=int,
    help="Minutes attended, as the import listed them (needed with --as and --walk-in).",
)
def attendance_settle(
    session_id: int,
    name: str,
    as_email: str | None,
    walk_in: str | None,
    ignore: bool,
    minutes: int | None,
) -> None:
    """Settle a NAME the attendance report could not place. Remembered: importing the report
    again keeps it settled."""
    given = [(as_email, "booked"), (walk_in, "walk-in"), ("", "ignore") if ignore else (None, "")]
    chosen = [(email, decision) for email, decision in given if email is not None]
    if len(chosen) != 1:
        raise click.UsageError("give one of --as EMAIL, --walk-in EMAIL or --ignore")
    email, decision = chosen[0]
    if decision != "ignore" and minutes is None:
        # The report's minutes are what count: crediting the whole session by default would
        # give hours nobody was there for.
        raise click.UsageError(
            f"give --minutes as the attendance import listed them for {name!r} (e.g. --minutes 47)"
        )
    said = _workspace().settle_attendance(
        session_id, name, decision, email=email or None, minutes=minutes
    )
    click.echo(said)


PDF_HELP = "Also make a PDF of each document (needs LibreOffice)."


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@_out_folder("output/packs")
@click.option("--pdf", is_flag=True, help=PDF_HELP)
def pack(session_id: int, out: Path | None, pdf: bool) -> None:
    """Write the session pack (.docx) to send to those booked."""
    path = _workspace().make_pack(session_id, out, pdf=pdf)
    click.echo(f"Wrote {_show(path)}")
    if pdf:
        click.echo(f"Wrote {_show(path.with_suffix('.pdf'))}")


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@_out_folder("output/forms/session-N")
@click.option("--zip", "bundle", is_flag=True, help="One .zip with a folder per attendee.")
@click.option("--pdf", is_flag=True, help=PDF_HELP)
def forms(session_id: int, out: Path | None, bundle: bool, pdf: bool) -> None:
    """Write each attendee's reflective account form, CPD record and certificate."""
    written = _workspace().make_forms(session_id, out, bundle=bundle, pdf=pdf)
    where = _show(written[0]) if bundle else _show(written.folder)
    click.echo(f"Wrote {written.summary(where=where)}")


@cli.command("cpd-log", context_settings=CONTEXT)
@click.argument("email")
@click.option(
    "--revalidation",
    metavar="DATE",
    help="The nurse's next revalidation date (YYYY-MM-DD); kept for their later logs.",
)
@_out_folder("output/cpd-logs")
def cpd_log(email: str, revalidation: str | None, out: Path | None) -> None:
    """Write one nurse's CPD log: every session attended, with totals toward 35/20 hours."""
    path, log = _workspace().cpd_log(email, out, revalidation=revalidation)
    click.echo(f"{log.summary()}.")
    if log.note():
        click.echo(log.note())
    click.echo(f"Wrote {_show(path)}")


@cli.group(cls=_Group, context_settings=CONTEXT)
def certificates() -> None:
    """Certificates of attendance."""


@certificates.command("verify", context_settings=CONTEXT)
@click.argument("number")
def certificates_verify(number: str) -> None:
    """Confirm a certificate: who it was given to, for which session."""
    click.echo(f"{_workspace().verify_certificate(number).summary()}.")


@cli.group(cls=_Group, context_settings=CONTEXT)
def notebooks() -> None:
    """The librarian's own copies of the notebooks, in the workspace."""


@notebooks.command("copy", context_settings=CONTEXT)
@click.option("--force", is_flag=True, help="Replace copies already in the workspace.")
def notebooks_copy(force: bool) -> None:
    """Copy the notebooks into the workspace, to work on beside its data."""
    from .wording import plural

    workspace = _workspace()
    copied = workspace.copy_notebooks(force=force)
    if copied:
        click.echo(f"Copied {plural(len(copied), 'notebook')} to {_show(workspace.root)}:")
        for path in copied:
            click.echo(f"  {path.name}")
    else:
        click.echo(f"The notebooks are already in {_show(workspace.root)} (--force replaces them).")


@cli.group(cls=_Group, context_settings=CONTEXT)
def templates() -> None:
    """The Word templates the documents are made from."""


@templates.command("copy", context_settings=CONTEXT)
@click.option("--force", is_flag=True, help="Replace copies already in the workspace.")
def templates_copy(force: bool) -> None:
    """Copy the templates into the workspace's templates/ folder to edit in Word."""
    from .wording import plural

    workspace = _workspace()
    copied = workspace.copy_templates(force=force)
    folder = _show(workspace.root / "templates")
    if copied:
        click.echo(
            f"Copied {plural(len(copied), 'template')} to {folder}; edit them in Word and they are"
        )
        click.echo("used from now on. Keep the {{ fields }}: a misspelt one is reported.")
    else:
        click.echo(f"The templates are already in {folder} (--force replaces them).")


@cli.group(cls=_Group, context_settings=CONTEXT)
def export() -> None:
    """Export tables for the library's reports (.csv or .xlsx)."""


def _export_options(what: str):
    """--out, --since and (for tables of people) --anonymise, for one export command."""

    def decorate(command):
        command = click.option(
            "--since",
            metavar="DATE",
            help="Only sessions on or after this date (YYYY-MM-DD).",
        )(command)
        command = click.option(
            "--anonymise",
            is_flag=True,
            help="Names, emails, NMC PINs, teams and sites as stable pseudonyms, roles and "
            "titles left out (for statistics).",
        )(command)
        return click.option(
            "--out",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"A .csv or .xlsx file. Default: output/exports/{what}.xlsx.",
        )(command)

    return decorate


@export.command("attendance", context_settings=CONTEXT)
@_export_options("attendance")
def export_attendance(out: Path | None, since: str | None, anonymise: bool) -> None:
    """One row per booking: session, person, status, minutes and hours."""
    path = _workspace().export_attendance(out, since=since, anonymise=anonymise)
    click.echo(f"Wrote {_show(path)}")


@export.command("people", context_settings=CONTEXT)
@_export_options("people")
def export_people(out: Path | None, since: str | None, anonymise: bool) -> None:
    """One row per person: sessions booked and attended, no-shows, CPD hours."""
    path = _workspace().export_people(out, since=since, anonymise=anonymise)
    click.echo(f"Wrote {_show(path)}")


@export.command("sessions", context_settings=CONTEXT)
@_export_options("sessions")
def export_sessions(out: Path | None, since: str | None, anonymise: bool) -> None:
    """One row per session: booked, waiting, cancelled, came, no-show rate, hours
    (--anonymise leaves out the titles)."""
    path = _workspace().export_sessions(out, since=since, anonymise=anonymise)
    click.echo(f"Wrote {_show(path)}")


def _out_file(help: str):
    """A required --out FILE, for commands that write one file."""
    return click.option(
        "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help=help
    )


@export.command("person", context_settings=CONTEXT)
@click.argument("email")
@_out_file("The .xlsx file to write, to give to the person.")
def export_person(email: str, out: Path) -> None:
    """Everything held about one person, for a subject access request: their details,
    bookings, attendance, certificates, settled names, the messages sent to them and their
    follow-up survey answers."""
    path = _workspace().export_person(email, out)
    click.echo(f"Wrote {_show(path)}")


@export.command("followup", context_settings=CONTEXT)
@_export_options("followup")
def export_followup(out: Path | None, since: str | None, anonymise: bool) -> None:
    """One row per follow-up survey response, for the library's annual statistics
    (--anonymise: pseudonyms, and the written answers left out)."""
    path = _workspace().export_followup(out, since=since, anonymise=anonymise)
    click.echo(f"Wrote {_show(path)}")


@cli.group(cls=_Group, context_settings=CONTEXT)
def followup() -> None:
    """The follow-up survey a month after each session: import its answers, keep quotes."""


@followup.command("import", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("file", type=click.Path(path_type=Path))
def followup_import(session_id: int, file: Path) -> None:
    """Read the survey's responses for SESSION from FILE, as Microsoft Forms exports them
    (.xlsx) or as CSV: matched by email to those credited with the session, anonymous answers
    (and anyone else's) counted for the session. Importing a later export again replaces what
    came before."""
    done = _workspace().import_followup(session_id, file)
    _warn(done.warnings)
    click.echo(done.summary())


@followup.command("quote", context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("numbers", metavar="[RESPONSE]...", type=int, nargs=-1)
@click.option("--keep", is_flag=True, help="Show these answers on the report's Impact sheet.")
@click.option("--drop", is_flag=True, help="Take these answers off the Impact sheet.")
@click.option("--named", is_flag=True, help="With --keep: show who wrote it (only if they agree).")
def followup_quote(
    session_id: int, numbers: tuple[int, ...], keep: bool, drop: bool, named: bool
) -> None:
    """List SESSION's answers to "What have you done differently ...?", numbered; with
    RESPONSE numbers and --keep (or --drop), choose the quotes for the report, shown without
    names unless --named."""
    if keep and drop:
        raise click.UsageError("give --keep or --drop, not both")
    if named and not keep:
        raise click.UsageError("--named goes with --keep")
    workspace = _workspace()
    if not numbers:
        if keep or drop:
            raise click.UsageError("give the RESPONSE numbers to keep or drop")
        found = workspace.followup_quotes(session_id)
        for quote in found:
            click.echo(quote.line())
        if not found:
            click.echo(f"No written answers for session {session_id} yet.")
        return
    if not (keep or drop):
        raise click.UsageError("give --keep or --drop with RESPONSE numbers")
    for quote in workspace.keep_quotes(session_id, numbers, keep=keep, named=named):
        click.echo(quote.line())


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int, required=False)
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--due", is_flag=True, help="Send whatever is due today across all sessions.")
@click.option("--today", metavar="YYYY-MM-DD", help="With --due: as if today were this day.")
@click.option("--dry-run", is_flag=True, help="Show who would get what; send and record nothing.")
@click.option("--yes", is_flag=True, help="Do not ask before sending.")
@click.option("--resend", is_flag=True, help="Send again to people who had it already.")
def send(
    session_id: int | None,
    kind: str | None,
    due: bool,
    today: str | None,
    dry_run: bool,
    yes: bool,
    resend: bool,
) -> None:
    """Send one KIND of message for SESSION (booked, waiting, promoted, updated, released, pack,
    reminder, documents, missed, cancelled, followup, followup-reminder), or with --due
    everything due: confirmations and calendar changes for sessions to come, the pack and
    reminder so many days before, documents and missed-you notes for a month after the
    attendance is recorded, the follow-up survey a month after the session and one reminder a
    week later to those who have not answered. Nobody gets a message twice."""
    workspace = _workspace()
    if due == (session_id is not None):
        raise click.UsageError("give SESSION and KIND, or --due")
    if not due and kind is None:
        raise click.UsageError(f"give the KIND of message: {', '.join(KINDS)}")

    def batches(dry: bool):
        if due:
            return workspace.send_due(today=today, dry_run=dry)
        return [workspace.send(session_id, kind, dry_run=dry, resend=resend)]

    planned = batches(True)
    for batch in planned:
        if batch.held_back:  # said once, before anything else
            click.echo(batch.summary())
    if dry_run or not _any_to_send(planned):
        for batch in planned:
            if batch.planned or not (due or batch.held_back):  # --due: with something to send
                click.echo(batch.summary())
        if not _any_to_send(planned):
            click.echo("Nothing to send.")
        return
    if yes or click.confirm(f"Send {_messages_to_go(workspace, planned)}?", default=True):
        _report_sent(batches(False))
    else:
        click.echo("Nothing sent.")


def _any_to_send(batches) -> bool:
    return any(batch.planned for batch in batches)


def _messages_to_go(workspace, batches) -> str:
    """E.g. "10 messages to the mail server"."""
    count = sum(len(b.planned) for b in batches)
    where = (
        "to the mail server" if workspace.config.email_transport == "smtp" else "to output/outbox/"
    )
    return f"{count} message{'s' * (count != 1)} {where}"


def _report_sent(batches) -> None:
    for batch in batches:
        if batch.planned:
            click.echo(batch.summary())


def _tell(workspace, session_id: int, kinds: tuple[str, ...], yes: bool) -> None:
    """After a change to a session or a booking, send what it makes due (the update, the
    cancellations, the new confirmation): the outbox's drafts at once, the mail server's after
    asking (unless --yes). Left unsent, they go with the next `send --due`."""
    later = "`readinggroups send --due` sends them"
    try:
        planned = workspace.send_due(session_id=session_id, kinds=kinds, dry_run=True)
    except ReadingGroupsError as problem:  # e.g. no mailbox set: the change itself stands
        click.echo(f"Note: nobody was told yet: {problem}; then {later}.", err=True)
        return
    if not _any_to_send(planned):
        return
    if not (yes or workspace.config.email_transport == "outbox"):
        if not sys.stdin.isatty():
            click.echo(f"Note: not sent yet, {_messages_to_go(workspace, planned)}: {later}.")
            return
        if not click.confirm(f"Send {_messages_to_go(workspace, planned)}?", default=True):
            click.echo(f"Not sent: {later}.")
            return
    _report_sent(workspace.send_due(session_id=session_id, kinds=kinds))


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int, required=False)
def messages(session_id: int | None) -> None:
    """What was sent to whom (for SESSION, or every session): kind, person, when, how and
    what happened."""
    from .messages.sending import sent_rows

    rows = sent_rows(_workspace().messages(session_id))
    if not rows:
        click.echo("Nothing sent yet.")
    for row in rows:
        detail = f" ({row['detail']})" if row["detail"] else ""
        click.echo(
            f"{row['sent_at']:%Y-%m-%d %H:%M}  {row['kind']:<9}  {row['name']} <{row['email']}>"
            f"  {row['outcome']} by {row['by']}{detail}"
        )


@cli.command(context_settings=CONTEXT)
@click.argument("session_id", metavar="SESSION", type=int)
@_out_file("The .ics file to write, to send from Outlook.")
def invite(session_id: int, out: Path) -> None:
    """Write the calendar invitation for SESSION, to everyone booked (its cancellation, for a
    cancelled session)."""
    click.echo(f"Wrote {_show(_workspace().invite(session_id, out))}")


@cli.command(context_settings=CONTEXT)
@_out_file("The .ics file to write, e.g. sessions.ics for the intranet.")
def calendar(out: Path) -> None:
    """Write every session still to come as one calendar to publish (an intranet page)."""
    click.echo(f"Wrote {_show(_workspace().calendar(out))}")


@cli.command(context_settings=CONTEXT)
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def forget(email: str, yes: bool) -> None:
    """Erase one person at their request: their details go, the counts stay, and their
    certificates verify as withdrawn without naming them. In a shared database they are
    erased from every workspace in it: they are one person there."""
    if not yes:
        click.confirm(
            f"Erase {email} from this workspace's database for good (from every workspace, if "
            "it is shared)? Their bookings stay only as counts",
            abort=True,
        )
    click.echo(f"{_workspace().forget(email).summary()}.")


@cli.command(context_settings=CONTEXT)
@click.option(
    "--before",
    metavar="DATE",
    help="Erase people with no session on or after this date. Default: today less "
    "privacy.retention_years (6) in readinggroups.toml.",
)
@click.option("--dry-run", is_flag=True, help="Only say how many would be erased.")
def purge(before: str | None, dry_run: bool) -> None:
    """Erase the personal data of everyone not seen since a date (UK GDPR retention); the
    library's counts for past years stay as they were."""
    click.echo(f"{_workspace().purge(before, dry_run=dry_run).summary()}.")


@cli.command(context_settings=CONTEXT)
@click.option("--since", metavar="DATE", help="Only sessions on or after this date (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only sessions up to this date. Default: today.")
@click.option(
    "--network",
    is_flag=True,
    help="Every group in the shared database (a library network's), with each library's "
    "figures. Default folder: output/network-report.",
)
@_out_folder("output/report")
def report(since: str | None, until: str | None, network: bool, out: Path | None) -> None:
    """The library's figures by session and month, and monthly against every other month;
    with --network, every group of the shared database and each library's figures."""
    paths, built = _workspace().report(out, since=since, until=until, network=network)
    click.echo(f"{built.summary()}.")
    for line in built.library_lines():
        click.echo(f"  {line}")
    for path in paths:
        click.echo(f"Wrote {_show(path)}")


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-key",
    is_flag=True,
    help="Keep the pseudonym key too (then keep the backup as safe as the workspace).",
)
def backup(file: Path, with_key: bool) -> None:
    """Write the workspace to one .zip FILE, while it may be in use: the database, the
    settings, your templates, logo and notebooks."""
    held = _workspace().backup(file, with_key=with_key)
    click.echo(f"Wrote {_show(file)}: {', '.join(held)}")
    if not with_key:
        click.echo("The pseudonym key is not in it (--with-key adds it).")


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--database",
    metavar="URL",
    help="Restore into this shared database (postgresql://user@host/name) rather than an "
    "embedded SQLite file: how a workspace moves onto the network's server.",
)
def restore(file: Path, folder: Path, database: str | None) -> None:
    """Rebuild the workspace kept in the backup FILE in FOLDER (new or empty).

    A backup holds one workspace, from either kind of database: restored without --database
    it becomes an embedded SQLite file, with --database it joins that shared database."""
    from .workspace import Workspace

    workspace = Workspace.restore(file, folder, database=database)
    sessions = workspace.sessions()
    click.echo(
        f"Restored {workspace.config.group} into {_show(workspace.root)} "
        f"({len(sessions)} sessions); make documents again with `readinggroups forms SESSION`"
    )


# -- the database ----------------------------------------------------------------------------


@cli.group(cls=_Group, context_settings=CONTEXT)
def db() -> None:
    """The database: its schema, and the workspaces that share it."""


def _database(url: str | None) -> tuple[str, Path]:
    """The database the command is about: --database URL, else the workspace's."""
    if url:
        return url, Path.cwd()
    workspace = _workspace()
    return workspace.store.url, workspace.root


@db.command("upgrade", context_settings=CONTEXT)
@click.option("--database", metavar="URL", help="This database, rather than the workspace's.")
def db_upgrade(database: str | None) -> None:
    """Bring the database's schema up to this version's.

    A shared database is never upgraded on its own, so a colleague still on the older version
    is not cut off without warning: once everyone has updated readinggroups, one of you runs
    this. An embedded SQLite file is upgraded whenever it is opened."""
    from .store.engine import shown_url, upgrade_database

    url, folder = _database(database)
    before, now = upgrade_database(url, folder=folder)
    if before == now:
        click.echo(f"The database {shown_url(url)} is up to date (schema {now}).")
    elif before is None:
        click.echo(f"Made the database {shown_url(url)} (schema {now}).")
    else:
        click.echo(
            f"Upgraded the database {shown_url(url)} from schema {before} to {now}: everyone "
            "using it needs this version of readinggroups from now on."
        )


@db.command("status", context_settings=CONTEXT)
@click.option("--database", metavar="URL", help="This database, rather than the workspace's.")
def db_status(database: str | None) -> None:
    """Say which database the workspace uses, its schema, and the workspaces sharing it, with
    the keys colleagues join them by."""
    from .store.engine import HEAD_REVISION, is_shared, shown_url
    from .store.network import schema_revision, workspaces

    url, folder = _database(database)
    revision = schema_revision(url, folder)
    kind = "shared PostgreSQL database" if is_shared(url) else "SQLite file"
    click.echo(f"Database: {shown_url(url)} ({kind})")
    if revision is None:
        click.echo("Schema: none yet — `readinggroups init` or `readinggroups db upgrade` makes it")
        return
    if revision != HEAD_REVISION:
        click.echo(
            f"Schema: {revision}; this version of readinggroups needs {HEAD_REVISION} — "
            "`readinggroups db upgrade` (or update readinggroups, if the database is newer)"
        )
        return
    click.echo(f"Schema: {revision} (up to date)")
    mine = None if database else _workspace().store.key
    for found in workspaces(url, folder):
        here = "  ← this workspace" if found.key == mine else ""
        click.echo(
            f"  {found.key}: {found.group_name or '(unnamed)'}, {found.library or '(no library)'}"
            f" — {found.sessions} sessions{here}"
        )


class _Terminated(BaseException):
    """The command was asked to stop (SIGTERM): unwinds like Ctrl+C, so what it was writing
    is removed on the way out rather than left behind."""


def _terminated(_signum: int, _frame: object) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> None:
    """Run the command line; a user's mistake ends with one line on stderr and exit code 1."""
    import signal

    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread (an embedding program): leave signals to it
        previous = None
    try:
        _run(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(argv: list[str] | None) -> None:
    try:
        code = cli.main(args=argv, prog_name="readinggroups", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.UsageError as problem:
        # One line, like every other mistake, with where to look for the right form.
        hint = f" — see `{problem.ctx.command_path} --help`" if problem.ctx else ""
        click.echo(f"Error: {problem.format_message().rstrip('.')}{hint}", err=True)
        sys.exit(problem.exit_code)
    except click.ClickException as problem:
        click.echo(f"Error: {problem.format_message()}", err=True)
        sys.exit(problem.exit_code)
    except ReadingGroupsError as problem:
        click.echo(f"Error: {problem}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except _Terminated:
        click.echo("Stopped.", err=True)
        sys.exit(143)
    except OSError as problem:  # a folder that cannot be written, a full disk
        where = f"{problem.filename}: " if problem.filename else ""
        click.echo(
            f"Error: {where}{problem.strerror or problem} — check the folder and try again",
            err=True,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
