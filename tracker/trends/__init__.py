"""Trends: the charts over a chosen range, the change analysis, and their cache."""
