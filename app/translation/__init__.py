"""Content in every language: segments, translation memory, machine first pass, human review, PO exchange."""
