"""Outputs built once from the store and rendered to several formats. No Textual here."""

from mace_tui.reports.marking import CLASSIFICATION, HANDLING, MARKING, marking_line

__all__ = ["CLASSIFICATION", "HANDLING", "MARKING", "marking_line"]
