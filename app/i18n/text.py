"""Text known to be in the reader's language."""


class LocalText(str):
    """Text in the reader's language (templates then do not mark it as English)."""
