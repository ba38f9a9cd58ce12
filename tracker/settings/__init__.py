"""The Settings page: the account's name, zone and clock, its password, its API tokens and
calendar feeds, signing out everywhere and deleting it. It builds on auth, the API's tokens
and the calendars; none of them imports it."""
