"""The case list sent to partners before a meeting: Markdown and CSV, marked, never overwriting.

Built once as plain data (``CaseList``), rendered to each format. Both files
start and end with the protective marking, are created readable only by the
user (0600), and are written to a temporary file first, then linked into
place, so a failure leaves nothing half-written and an existing file is never
replaced.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from mace_tui.reports.cells import csv_cell
from mace_tui.reports.counting import SUBJECT_WORDS
from mace_tui.reports.marking import CLASSIFICATION, marking_line
from store.errors import UserError
from store.frozen import record

SUFFIXES = (".md", ".csv")
CSV_COLUMNS = (
    "position",
    "ref",
    "name",
    "date_of_birth",
    "age",
    "local_authority",
    "police_ref",
    "la_ref",
    "npa",
    "referral_source",
    "exploitation_types",
    "reason",
    "notes",
    "late_change",
    "status",
    "research_missing",
    "npa_referral",
    "kind",
)


class CaseListError(UserError):
    """The case list cannot be written where asked; the message says what to do."""


@record
class CaseListEntry:
    """One child on the list (or taken off it after the deadline)."""

    position: int | None
    ref: str
    name: str
    date_of_birth: date | None
    age: int | None
    local_authority: str
    police_ref: str
    la_ref: str
    npa: str
    referral_source: str
    exploitation_types: str
    reason: str
    notes: tuple[str, ...] = ()
    late_change: bool = False
    removed: bool = False
    # Agencies asked for research on this child that have sent nothing yet (R23).
    research_missing: tuple[str, ...] = ()
    # child, person or location (R22): each kind has its own section.
    kind: str = "child"
    # Links with other subjects, named only when they are on the agenda (R22).
    links: tuple[str, ...] = ()
    # Open referrals to the NPA from earlier meetings, in words, overdue ones marked (R7).
    npa_referrals: tuple[str, ...] = ()


@record
class CaseList:
    """The list for one meeting, ready to render."""

    meeting_name: str
    short_name: str
    meeting_date: date
    start: str
    minutes: int
    prepared_at: datetime
    deadline: datetime | None
    entries: tuple[CaseListEntry, ...]
    removed_late: tuple[CaseListEntry, ...] = ()
    invited: tuple[tuple[str, str], ...] = ()  # (agency, person and title)
    # Called off the profile's usual dates (``prep --extraordinary``).
    extraordinary: bool = False
    # Agencies asked for research (R23): (name, attending the meeting or only contributing).
    research_asked: tuple[tuple[str, bool], ...] = ()

    @property
    def late_added(self) -> int:
        """Children added after the deadline."""
        return sum(1 for e in self.entries if e.late_change)

    @property
    def late_total(self) -> int:
        """Every late change: additions and removals."""
        return self.late_added + len(self.removed_late)

    @property
    def title(self) -> str:
        """The list's heading."""
        kind = " (extraordinary meeting)" if self.extraordinary else ""
        return (
            f"Case list: {self.meeting_name}{kind}, {self.meeting_date:%A %d %B %Y}, {self.start}"
        )

    def late_sentence(self) -> str:
        """How many late changes there are, in words."""
        if not self.late_total:
            return "No late changes."
        return (
            f"Late changes after the deadline: {self.late_total} "
            f"({self.late_added} added, {len(self.removed_late)} removed)."
        )


# What each kind of entry is, in the CSV's kind column and the list of those taken off.
KIND_WORDS = {kind: one for kind, one, _many in SUBJECT_WORDS}


def _taken_off(e: CaseListEntry) -> str:
    """One subject taken off after the deadline: a child by reference and birth date; the
    other kinds say what they are."""
    if e.kind == "child":
        return f"{_md(e.name)} ({_md(e.ref)}), born {_dob(e.date_of_birth)}"
    said = ", ".join(p for p in (KIND_WORDS.get(e.kind, e.kind), _md(e.ref)) if p)
    born = f", born {_dob(e.date_of_birth)}" if e.date_of_birth else ""
    return f"{_md(e.name)} ({said}){born}"


def _dob(day: date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or line."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def render_markdown(case_list: CaseList) -> str:
    """The list as Markdown, marked at top and bottom."""
    lines = [marking_line(), "", f"# {_md(case_list.title)}", ""]
    due = (
        f"List due {case_list.deadline:%a %d %b %Y %H:%M}. "
        if case_list.deadline is not None
        else ""
    )
    lines.append(
        f"Prepared {case_list.prepared_at:%a %d %b %Y %H:%M}. {due}"
        f"{_counted(case_list)}. {case_list.late_sentence()}"
    )
    children = [e for e in case_list.entries if e.kind == "child"]
    lines += [
        "",
        "| # | Child | MACE ref | Born | Age | Local authority | Police ref | NPA | Source | Types | Notes |",
    ]
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for e in children:
        late = " (late change)" if e.late_change else ""
        notes = "; ".join((*e.notes, *e.links))
        lines.append(
            f"| {e.position} | {_md(e.name)}{late} | {_md(e.ref)} | {_dob(e.date_of_birth)} | "
            f"{'' if e.age is None else e.age} | {_md(e.local_authority)} | {_md(e.police_ref)} | "
            f"{_md(e.npa)} | {_md(e.referral_source)} | {_md(e.exploitation_types)} | {_md(notes)} |"
        )
    if not children:
        lines.append("| | No children on the list. | | | | | | | | | |")
    lines += _subject_tables(case_list)
    lines += ["", "## Reasons for discussion", ""]
    for e in case_list.entries:
        lines.append(
            f"{e.position}. **{_md(e.name)}** ({_md(e.ref)}): {_md(e.reason) or '(no reason given)'}"
        )
    lines += research_lines(case_list)
    lines += referral_lines(case_list)
    if case_list.removed_late:
        lines += ["", "## Taken off the list after the deadline", ""]
        lines += [f"- {_taken_off(e)}" for e in case_list.removed_late]
    if case_list.invited:
        lines += ["", "## Invited", ""]
        lines += [f"- {_md(agency)}: {_md(person)}" for agency, person in case_list.invited]
    lines += ["", marking_line(), ""]
    return "\n".join(lines)


def _counted(case_list: CaseList) -> str:
    """How many subjects of each kind, e.g. "5 children, 1 person of concern"."""
    from mace_tui.reports.words import subjects_counted

    return subjects_counted([e.kind for e in case_list.entries])


def _subject_tables(case_list: CaseList) -> list[str]:
    """A section for the persons and one for the locations of concern, when there are any (R22)."""
    lines: list[str] = []
    persons = [e for e in case_list.entries if e.kind == "person"]
    if persons:
        lines += ["", "## Persons of concern", ""]
        lines += ["| # | Person | MACE ref | Born | Police ref | Known as, areas | Links |"]
        lines.append("|---|---|---|---|---|---|---|")
        for e in persons:
            late = " (late change)" if e.late_change else ""
            lines.append(
                f"| {e.position} | {_md(e.name)}{late} | {_md(e.ref)} | {_dob(e.date_of_birth)} | "
                f"{_md(e.police_ref)} | {_md('; '.join(e.notes))} | {_md('; '.join(e.links))} |"
            )
    places = [e for e in case_list.entries if e.kind == "location"]
    if places:
        lines += ["", "## Locations of concern", ""]
        lines += ["| # | Location | MACE ref | Kind, address | Local authority | Links |"]
        lines.append("|---|---|---|---|---|---|")
        for e in places:
            late = " (late change)" if e.late_change else ""
            lines.append(
                f"| {e.position} | {_md(e.name)}{late} | {_md(e.ref)} | {_md('; '.join(e.notes))} | "
                f"{_md(e.local_authority)} | {_md('; '.join(e.links))} |"
            )
    free = [e for e in case_list.entries if e.kind == "free"]
    if free:
        # MPRU considerations and any other business (R19): a title, no subject.
        lines += ["", "## Other items", "", "| # | Item | Section |", "|---|---|---|"]
        for e in free:
            late = " (late change)" if e.late_change else ""
            lines.append(f"| {e.position} | {_md(e.name)}{late} | {_md(e.reason)} |")
    return lines


def research_lines(case_list: CaseList) -> list[str]:
    """Who was asked for research, attending or not, and per child who has sent nothing."""
    if not case_list.research_asked:
        return []
    attending = [name for name, present in case_list.research_asked if present]
    contributing = [name for name, present in case_list.research_asked if not present]
    lines = ["", "## Research before the meeting", ""]
    if attending:
        lines.append(f"- Asked, attending: {_md(', '.join(attending))}")
    if contributing:
        lines.append(f"- Asked, contributing only: {_md(', '.join(contributing))}")
    waiting = [e for e in case_list.entries if e.research_missing]
    lines.append("")
    if not waiting:
        lines.append("Every agency asked has sent research on every child.")
    for e in waiting:
        lines.append(
            f"{e.position}. {_md(e.name)} ({_md(e.ref)}): nothing yet from "
            f"{_md(', '.join(e.research_missing))}"
        )
    return lines


def referral_lines(case_list: CaseList) -> list[str]:
    """Children on the list with a referral to the NPA still open, overdue ones marked (R7)."""
    open_ones = [e for e in case_list.entries if e.npa_referrals]
    if not open_ones:
        return []
    lines = ["", "## Open NPA referrals", ""]
    for e in open_ones:
        lines.append(
            f"{e.position}. {_md(e.name)} ({_md(e.ref)}): {_md('; '.join(e.npa_referrals))}"
        )
    return lines


def _cell(value: object) -> str:
    return csv_cell(value, one_line=True)


def render_csv(case_list: CaseList) -> str:
    """The list as CSV: the marking in the first and last row, one row per child between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(marking_line())])
    writer.writerow([_cell(case_list.title), _cell(case_list.late_sentence())])
    writer.writerow([_cell(c) for c in CSV_COLUMNS])
    for e in (*case_list.entries, *case_list.removed_late):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    "" if e.position is None else e.position,
                    e.ref,
                    e.name,
                    _dob(e.date_of_birth),
                    "" if e.age is None else e.age,
                    e.local_authority,
                    e.police_ref,
                    e.la_ref,
                    e.npa,
                    e.referral_source,
                    e.exploitation_types,
                    e.reason,
                    "; ".join((*e.notes, *e.links)),
                    "yes" if e.late_change else "",
                    "removed" if e.removed else "on the list",
                    "; ".join(e.research_missing),
                    "; ".join(e.npa_referrals),
                    KIND_WORDS.get(e.kind, e.kind),
                )
            ]
        )
    writer.writerow([_cell(marking_line())])
    return out.getvalue()


def output_paths(target: Path) -> tuple[Path, Path]:
    """The Markdown and CSV files for ``target`` (given with or without a suffix)."""
    stem = target.with_suffix("") if target.suffix.lower() in SUFFIXES else target
    return stem.with_name(stem.name + ".md"), stem.with_name(stem.name + ".csv")


def _write_new(path: Path, text: str, *, encoding: str) -> None:
    """Write ``text`` to a new file, 0600; never replaces an existing one."""
    data = text.encode(encoding)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # Filesystems without hard links: create exclusively instead.
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                out.write(data)
        os.chmod(path, 0o600)
    finally:
        os.unlink(tmp)


def write_case_list(case_list: CaseList, target: Path) -> list[Path]:
    """Write the list as Markdown and CSV next to each other; the two paths.

    Refuses, writing nothing, if either file exists or the folder is missing.
    """
    paths = output_paths(target.expanduser())
    folder = paths[0].parent
    if not folder.is_dir():
        raise CaseListError(f"{folder}: no such folder. Create it or choose another path.")
    for path in paths:
        if path.exists():
            raise CaseListError(
                f"{path}: already exists and is not replaced. Choose another name (nothing was written)."
            )
    written: list[Path] = []
    for path, text, encoding in (
        (paths[0], render_markdown(case_list), "utf-8"),
        # With a byte-order mark so spreadsheets read accented names correctly.
        (paths[1], render_csv(case_list), "utf-8-sig"),
    ):
        try:
            _write_new(path, text, encoding=encoding)
        except FileExistsError:
            _remove(written)
            raise CaseListError(
                f"{path}: appeared while writing and is not replaced. Choose another name."
            ) from None
        except OSError as exc:
            _remove(written)
            raise CaseListError(f"{folder}: cannot write the case list ({exc.strerror}).") from None
        written.append(path)
    return written


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


__all__ = [
    "CLASSIFICATION",
    "CSV_COLUMNS",
    "CaseList",
    "CaseListEntry",
    "CaseListError",
    "output_paths",
    "render_csv",
    "render_markdown",
    "write_case_list",
]
