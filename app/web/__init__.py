"""Shared look and feel: templates, static files, Markdown, error pages."""
