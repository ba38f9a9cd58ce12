"""Backups of the whole database: an online SQLite copy, a checked restore, and the
PostgreSQL commands to use instead. Plain functions; the CLI in tracker/cli/backup.py calls them."""
