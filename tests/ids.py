"""A stored row's id, typed as what it is once the row is in the store."""

from __future__ import annotations

from typing import Protocol


class _Row(Protocol):
    id: int | None


def id_of(row: _Row) -> int:
    """The id of a row that has been flushed (the models type it ``int | None`` before that)."""
    assert row.id is not None, "the row has no id yet: flush or commit it first"
    return row.id
