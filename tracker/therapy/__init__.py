"""Therapy sessions, shown beside the medication record."""
