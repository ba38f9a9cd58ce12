"""Appointments with prescribers and therapists, and the questions collected for them."""
