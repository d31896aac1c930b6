"""Messages to the people on a session: composed from the editable email templates, sent
through the outbox or SMTP, and recorded so that each goes exactly once."""

KINDS = ("booked", "waiting", "promoted", "pack", "reminder", "documents", "missed", "cancelled")
