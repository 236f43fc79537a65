"""Git-friendly content files (Markdown with YAML front matter): parsing, import and export."""
