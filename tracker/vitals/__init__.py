"""Vital signs: weight, blood pressure with pulse, resting heart rate."""
