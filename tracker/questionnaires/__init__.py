"""Questionnaires: PHQ-9, GAD-7, FIBSER, and clinician-administered scores by name."""
