"""Advice guides."""
