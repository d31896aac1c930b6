"""The workspace database: tables, engine and Alembic migrations."""

from .engine import open_database
from .models import (
    Article,
    Base,
    Booking,
    FollowUpResponse,
    Message,
    Person,
    ReadingSession,
    ReviewDecision,
    SessionArticle,
    WithdrawnCertificate,
    WorkspaceState,
)

__all__ = [
    "Article",
    "Base",
    "Booking",
    "FollowUpResponse",
    "Message",
    "Person",
    "ReadingSession",
    "ReviewDecision",
    "SessionArticle",
    "WithdrawnCertificate",
    "WorkspaceState",
    "open_database",
]
