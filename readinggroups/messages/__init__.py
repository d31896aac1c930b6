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
    "followup",
    "followup-reminder",
)
"""Every kind of message, in the order a day's sending takes them. ``updated`` carries a
changed session's new invitation to those holding the old one; ``released`` takes the session
out of the calendar of someone whose place went (they cancelled, or fewer places put them back
on the waiting list). ``followup`` asks those credited with the session, a month after it,
whether they have used it since (the survey's link); ``followup-reminder`` asks once more those
who have not answered."""

FOLLOWUP = ("followup", "followup-reminder")
"""The kinds that carry the follow-up survey's link."""

INVITING = ("booked", "promoted", "updated")
"""The kinds that put the session in a person's calendar (METHOD:REQUEST)."""
