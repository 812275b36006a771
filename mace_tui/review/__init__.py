"""The admin's work on recordings, without the UI: list, verify, export, retention, split.

Every access to a recording writes an audit event (R18) through :mod:`.access`.
"""

from __future__ import annotations

__all__: list[str] = []
