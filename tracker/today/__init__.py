"""The Today page: the day's doses (and, later, the daily check-in) in one place."""
