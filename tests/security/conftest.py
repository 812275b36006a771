"""Fixtures shared with other test folders."""

from tests.reports.conftest import meetings

__all__ = ["meetings"]
