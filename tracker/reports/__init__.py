"""The prescriber report: the range's data as plain dataclasses, its HTML page and its PDF."""
