"""Word documents from the templates: session pack and per-attendee forms."""
