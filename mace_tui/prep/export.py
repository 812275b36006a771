"""The case list built from the store, for circulation to partners (R14)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.overview import ChildSummary
from mace_tui.prep.concern import concern_entries, queue_links, removed_subject
from mace_tui.prep.meeting import PrepTarget, load_view
from mace_tui.prep.npa import list_referrals
from mace_tui.prep.research import meeting_research
from mace_tui.reports.case_list import CaseList, CaseListEntry, write_case_list
from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.flags import age_on
from mace_tui.rules.vocab import REFERRAL_SOURCES, types_label
from store import agenda
from store.models import AgendaItem, Child


def _entry(
    summary: ChildSummary,
    child: Child,
    missing: tuple[str, ...] = (),
    referrals: tuple[str, ...] = (),
) -> CaseListEntry:
    entry = summary.entry
    return CaseListEntry(
        position=entry.position,
        ref=child.ref,
        name=child.name,
        date_of_birth=child.date_of_birth,
        age=summary.age,
        local_authority=child.local_authority,
        police_ref=child.police_ref,
        la_ref=child.la_ref,
        npa=child.npa,
        referral_source=REFERRAL_SOURCES.get(entry.referral_source, entry.referral_source),
        exploitation_types=types_label(entry.exploitation_types),
        reason=entry.reason,
        notes=tuple(f.text for f in summary.flags),
        late_change=entry.late_change,
        research_missing=missing,
        npa_referrals=referrals,
    )


def _removed(item: AgendaItem, child: Child) -> CaseListEntry:
    return CaseListEntry(
        position=None,
        ref=child.ref,
        name=child.name,
        date_of_birth=child.date_of_birth,
        age=age_on(child.date_of_birth, item.meeting_date),
        local_authority=child.local_authority,
        police_ref=child.police_ref,
        la_ref=child.la_ref,
        npa=child.npa,
        referral_source=REFERRAL_SOURCES.get(item.referral_source, item.referral_source),
        exploitation_types=types_label(item.exploitation_types),
        reason=item.reason,
        late_change=True,
        removed=True,
    )


def _removed_late(session: Session, *, meeting_id: int) -> tuple[CaseListEntry, ...]:
    items = agenda.removed_late(session, meeting_id=meeting_id)
    children = agenda.children_by_id(
        session, ids=[i.child_id for i in items if i.child_id is not None]
    )
    return tuple(
        _removed(item, children[item.child_id])
        if item.child_id is not None
        else removed_subject(session, item)
        for item in items
    )


def build_case_list(
    session: Session, *, target: PrepTarget, drmm_profiles: Sequence[str], now: datetime
) -> CaseList:
    """The list as it stands: children in order with flags, late removals and the invited."""
    view = load_view(session, target=target, drmm_profiles=drmm_profiles)
    children = agenda.children_by_id(
        session, ids=[s.entry.child_id for s in view.queue if s.entry.child_id is not None]
    )
    subjects = concern_entries(session, queue=view.queue)
    linked = queue_links(
        session,
        meeting_id=target.meeting_id,
        entries=[(s.entry.subject_kind, s.entry.subject_id, s.entry.item_id) for s in view.queue],
    )
    profile = target.profile
    research = meeting_research(
        session, meeting_id=target.meeting_id, item_ids=[s.entry.item_id for s in view.queue]
    )
    referrals: dict[int, list[str]] = {}
    for row in list_referrals(
        session,
        today=now.astimezone(LOCAL_ZONE).date(),
        child_ids=[s.entry.child_id for s in view.queue if s.entry.child_id is not None],
    ):
        if row.is_open:
            referrals.setdefault(row.child_id, []).append(
                f"from {row.meeting_date:%d %b %Y}: {row.status_words}"
            )
    return CaseList(
        meeting_name=profile.name,
        extraordinary=view.extraordinary,
        short_name=profile.short_name,
        meeting_date=target.meeting_date,
        start=view.scheduled_start,
        minutes=view.scheduled_minutes,
        prepared_at=now.astimezone(LOCAL_ZONE),
        deadline=target.deadline.astimezone(LOCAL_ZONE) if target.deadline else None,
        entries=tuple(
            replace(
                _entry(
                    s,
                    children[s.entry.child_id],
                    research.for_item(s.entry.item_id).missing,
                    tuple(referrals.get(s.entry.child_id, ())),
                )
                if s.entry.child_id is not None
                else subjects[s.entry.item_id],
                links=linked[s.entry.item_id],
            )
            for s in view.queue
        ),
        research_asked=tuple((a.name, a.attending) for a in research.asked),
        removed_late=_removed_late(session, meeting_id=target.meeting_id),
        invited=tuple(
            (
                i.person.agency,
                f"{i.person.name}, {i.person.title}" if i.person.title else i.person.name,
            )
            for i in view.invitations
        ),
    )


EXPORT_CASE_LIST = "export-case-list"


def export_case_list(
    session: Session,
    *,
    target: PrepTarget,
    drmm_profiles: Sequence[str],
    now: datetime,
    path: Path,
    user: str = "",
) -> list[Path]:
    """Write the list as Markdown and CSV at ``path``; the files written, audited."""
    from mace_tui.protection import os_user
    from store.audit import append_event

    case_list = build_case_list(session, target=target, drmm_profiles=drmm_profiles, now=now)
    written = write_case_list(case_list, path)
    append_event(
        session,
        action=EXPORT_CASE_LIST,
        os_user=user or os_user(),
        at=now,
        meeting_id=target.meeting_id,
        detail=f"case list of {target.profile.key} {target.meeting_date:%Y-%m-%d}; "
        f"{len(written)} files: {', '.join(p.name for p in written)}; "
        f"folder {written[0].parent if written else path.parent}",
    )
    return written


def default_export_name(target: PrepTarget) -> str:
    """A file name (without suffix) for the list of this meeting."""
    return f"case-list-{target.profile.key}-{target.meeting_date:%Y-%m-%d}"


def free_export_path(folder: Path, target: PrepTarget) -> Path:
    """Where to propose writing the list: the default name, numbered if taken."""
    name = default_export_name(target)
    path, number = folder / name, 2
    while any(path.with_name(path.name + suffix).exists() for suffix in (".md", ".csv")):
        path, number = folder / f"{name}-{number}", number + 1
    return path
