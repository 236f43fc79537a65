"""Signpost: an accessible, multilingual information portal for adult social care."""
