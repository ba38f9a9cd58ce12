"""Share with a prescriber: a read-only, expiring, revocable link to one report."""
