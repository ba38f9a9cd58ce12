"""A private iCalendar feed of scheduled doses and appointments, for the user's own calendar."""
