"""Accounts: sign-up, login with lock-out, server-side sessions, the password asked again.

The Settings page, signing out everywhere and deleting the account are tracker.settings."""
