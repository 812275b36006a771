"""Citing research in a discussion note (R23): "confirms research from Education [research 12]".

A citation is plain text in the note, so it is shown and saved with the note
like anything typed; the ``[research N]`` mark links it to contribution N,
which the recording form reads back to say which research the panel cited.
"""

from __future__ import annotations

import re
from datetime import date

VERBS = ("confirms", "adds to", "differs from")
_MARK = re.compile(r"\[research (\d+)\]")


def citation_text(*, verb: str, agency: str, received: date, research_id: int) -> str:
    """The words inserted into the note."""
    if verb not in VERBS:
        raise ValueError(f"verb: use one of {', '.join(VERBS)}")
    return f"{verb} research from {agency}, received {received:%d/%m/%Y} [research {research_id}]"


def cited_ids(text: str) -> list[int]:
    """The research cited in a note, in the order cited, each once."""
    return list(dict.fromkeys(int(n) for n in _MARK.findall(text)))


__all__ = ["VERBS", "citation_text", "cited_ids"]
