"""Matplotlib figures for the report: one function per figure, each returns the Figure."""
