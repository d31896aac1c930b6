"""Messages to the people on a session: composed from the editable email templates, sent
through the outbox or SMTP, and recorded so that each goes exactly once."""

KINDS = (
    "booked",
    "waiting",
    "promoted",
    "updated",
    "released",
    "pack",
    "reminder",
    "documents",
    "missed",
    "cancelled",
)
"""Every kind of message, in the order a day's sending takes them. ``updated`` carries a
changed session's new invitation to those holding the old one; ``released`` takes the session
out of the calendar of someone whose place went (they cancelled, or fewer places put them back
on the waiting list)."""

INVITING = ("booked", "promoted", "updated")
"""The kinds that put the session in a person's calendar (METHOD:REQUEST)."""
