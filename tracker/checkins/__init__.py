"""Mood check-ins: mood, anxiety, irritability, energy and focus on 0-10 scales."""
