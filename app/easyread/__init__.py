"""Easy-read leaflets: a picture beside every short piece of text, checked against the published guidance."""
