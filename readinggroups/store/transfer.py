"""One workspace copied from one database to another: the snapshot a backup of a shared
database's workspace holds, and a backup restored into a shared database.

A workspace's rows are its sessions and articles and what hangs from its sessions (bookings,
messages, follow-up answers, settled names), its withdrawn certificates and its state, and the
people those name. People are matched by email in the target, as everywhere: a nurse already
there stays one person. Into an empty database the ids are kept; into a shared one each row
gets a new id from the target, and every reference is carried over to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, func, select, union

from ..errors import WorkspaceError
from .models import (
    ERASED_DOMAIN,
    Article,
    Booking,
    FollowUpResponse,
    Message,
    Person,
    ReadingSession,
    ReviewDecision,
    SessionArticle,
    WithdrawnCertificate,
    WorkspaceRecord,
    WorkspaceState,
    erased_placeholders,
)


def _table(model) -> Table:
    return model.__table__


@dataclass
class Copied:
    """What a copy carried over, by table, and the workspace's id in the target."""

    workspace_id: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def copy_workspace(
    source: Connection,
    key: str,
    target: Connection,
    *,
    keep_ids: bool = False,
    as_key: str | None = None,
) -> Copied:
    """Copy workspace ``key`` from ``source`` into ``target`` (both at the current schema,
    ``target`` inside the transaction that holds its write lock), there called ``as_key``
    if given. ``keep_ids`` for an empty target. The target must not hold the workspace
    already."""
    workspaces = _table(WorkspaceRecord)
    found = source.execute(select(workspaces).where(workspaces.c.key == key)).mappings().first()
    if found is None:
        raise WorkspaceError(f"the database holds no workspace {key!r} to copy")
    mine = found["id"]
    copied = Copied()
    copied.workspace_id = _target_workspace(target, {**found, "key": as_key or key})
    ids = _Ids(target, keep_ids)

    sessions, articles = _table(ReadingSession), _table(Article)
    own_sessions = select(sessions.c.id).where(sessions.c.workspace_id == mine)
    people = _table(Person)
    bookings, messages = _table(Booking), _table(Message)
    answers, decisions = _table(FollowUpResponse), _table(ReviewDecision)
    named = union(
        *(
            select(table.c.person_id).where(table.c.session_id.in_(own_sessions))
            for table in (bookings, messages, answers)
        )
    )
    person_rows = _rows(source, select(people).where(people.c.id.in_(named)))
    person_map = _people(target, person_rows, ids)
    copied.rows["people"] = len(person_rows)

    article_map = ids.copy(
        articles, _rows(source, select(articles).where(articles.c.workspace_id == mine)),
        workspace_id=copied.workspace_id,
    )  # fmt: skip
    session_map = ids.copy(
        sessions, _rows(source, select(sessions).where(sessions.c.workspace_id == mine)),
        workspace_id=copied.workspace_id,
    )  # fmt: skip
    copied.rows.update(articles=len(article_map), sessions=len(session_map))

    by_session = {"session_id": session_map}
    links = _table(SessionArticle)
    copied.rows["chosen articles"] = _insert(
        target, links, _rows(source, select(links).where(links.c.session_id.in_(own_sessions))),
        {"session_id": session_map, "article_id": article_map},
    )  # fmt: skip
    for table, remap in (
        (bookings, {**by_session, "person_id": person_map}),
        (messages, {**by_session, "person_id": person_map}),
        (answers, {**by_session, "person_id": person_map}),
    ):
        rows = _rows(source, select(table).where(table.c.session_id.in_(own_sessions)))
        copied.rows[table.name] = len(ids.copy(table, rows, remap=remap))
    copied.rows["review decisions"] = _insert(
        target, decisions,
        _rows(source, select(decisions).where(decisions.c.session_id.in_(own_sessions))),
        by_session,
    )  # fmt: skip

    withdrawn = _table(WithdrawnCertificate)
    held = set(target.execute(select(withdrawn.c.number)).scalars())
    kept = [
        {**row, "workspace_id": copied.workspace_id}
        for row in _rows(source, select(withdrawn).where(withdrawn.c.workspace_id == mine))
        if row["number"] not in held
    ]
    copied.rows["withdrawn certificates"] = _insert(target, withdrawn, kept, {})

    state = _table(WorkspaceState)
    facts = []
    for row in _rows(source, select(state).where(state.c.workspace_id == mine)):
        value = row["value"]
        if row["key"] == "current_session" and value.isdigit():
            if int(value) not in session_map:
                continue
            value = str(session_map[int(value)])
        facts.append({**row, "workspace_id": copied.workspace_id, "value": value})
    _insert(target, state, facts, {})
    return copied


def _rows(connection: Connection, query) -> list[dict]:
    return [dict(row) for row in connection.execute(query).mappings()]


def _target_workspace(target: Connection, found: dict) -> int:
    """The workspace's id in the target: its registration there (empty) or a new one."""
    workspaces, sessions, articles = (
        _table(WorkspaceRecord),
        _table(ReadingSession),
        _table(Article),
    )
    there = target.execute(select(workspaces.c.id).where(workspaces.c.key == found["key"])).scalar()
    if there is not None:
        holds = (
            target.execute(
                select(func.count()).select_from(sessions).where(sessions.c.workspace_id == there)
            ).scalar()
            or target.execute(
                select(func.count()).select_from(articles).where(articles.c.workspace_id == there)
            ).scalar()
        )
        if holds:
            raise WorkspaceError(
                f"that database already holds the workspace {found['key']!r} "
                f"({found['group_name'] or 'its group'}) with sessions or articles — restore "
                "into another database, or open the workspace that is there"
            )
        return there
    row = {k: v for k, v in found.items() if k != "id"}
    return target.execute(workspaces.insert().returning(workspaces.c.id), row).scalar_one()


def _people(target: Connection, rows: list[dict], ids: _Ids) -> dict[int, int]:
    """People matched by email in the target (one person across a network), the rest added."""
    people = _table(Person)
    emails = [row["email"] for row in rows]
    there: dict[str, int] = {}
    for chunk in _chunks(emails, 500):
        there.update(
            (email, id_)
            for email, id_ in target.execute(
                select(people.c.email, people.c.id).where(people.c.email.in_(chunk))
            )
        )
    # An erased person is nobody to match: their placeholder address names their id in the
    # source, which may be another erased person's in the target. Each gets one of their own.
    erased = [row for row in rows if row["email"].endswith(f"@{ERASED_DOMAIN}")]
    others = [row for row in rows if not row["email"].endswith(f"@{ERASED_DOMAIN}")]
    mapping = {row["id"]: there[row["email"]] for row in others if row["email"] in there}
    mapping.update(ids.copy(people, [row for row in others if row["email"] not in there]))
    mapping.update(ids.copy(people, erased, adjust=_erased_placeholder))
    return mapping


def _erased_placeholder(row: dict) -> dict:
    """An erased person's placeholders, for the id they now have."""
    name, email = erased_placeholders(row["id"])
    return {**row, "name": name, "email": email}


class _Ids:
    """New ids for rows copied into the target: the same ones into an empty database, else
    the next ones the target would give (PostgreSQL's sequence, or SQLite's highest + 1)."""

    def __init__(self, target: Connection, keep: bool) -> None:
        self.target, self.keep = target, keep

    def copy(
        self,
        table: Table,
        rows: list[dict],
        *,
        workspace_id: int | None = None,
        remap: dict[str, dict[int, int]] | None = None,
        adjust: Callable[[dict], dict] | None = None,
    ) -> dict[int, int]:
        """Insert ``rows`` into ``table`` with new ids (each row then ``adjust``ed, if given);
        old id -> new id."""
        new = [row["id"] for row in rows] if self.keep else self._allocate(table, len(rows))
        mapping = {row["id"]: given for row, given in zip(rows, new, strict=True)}
        fixed = [
            {**row, "id": mapping[row["id"]]}
            | ({"workspace_id": workspace_id} if workspace_id is not None else {})
            for row in rows
        ]
        if adjust is not None:
            fixed = [adjust(row) for row in fixed]
        _insert(self.target, table, fixed, remap or {})
        return mapping

    def _allocate(self, table: Table, count: int) -> list[int]:
        if count == 0:
            return []
        if self.target.dialect.name == "postgresql":
            from sqlalchemy import text

            return list(
                self.target.execute(
                    text(
                        f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"n": count},
                ).scalars()
            )
        highest = self.target.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        return list(range(highest + 1, highest + 1 + count))


def _insert(
    target: Connection, table: Table, rows: list[dict], remap: dict[str, dict[int, int]]
) -> int:
    """Insert ``rows``, each reference in ``remap`` carried over to the target's id."""
    if not rows:
        return 0
    fixed = [
        {
            **row,
            **{
                column: (mapping[row[column]] if row[column] is not None else None)
                for column, mapping in remap.items()
            },
        }
        for row in rows
    ]
    for chunk in _chunks(fixed, 1000):
        target.execute(table.insert(), chunk)
    return len(rows)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
