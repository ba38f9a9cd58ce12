"""Imports from other apps (Daylio, Bearable, Apple Health) and from our own exports."""
