"""Medications, their versioned schedules, taper plans and the dose log."""
