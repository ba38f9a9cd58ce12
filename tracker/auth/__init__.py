"""Accounts: sign-up, login with lock-out, server-side sessions, settings, deletion."""
