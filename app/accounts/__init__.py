"""Staff accounts: users and roles, passwords, sessions, CSRF, sign-in limits and the audit log."""
