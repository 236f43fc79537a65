"""The staff area under /staff/: dashboard, lists, edit forms, history, CSV import, users and the audit log."""
