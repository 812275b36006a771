"""The register's dialogs (R1): whom a deputy stands in for, and recording the meeting as
inquorate (what is missing and whom to tell, the follow-on meeting's date when the profile
lets the chair choose it, and a note for the record)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mace_tui.chair.attendance import inquorate_notice
from mace_tui.chair.inquorate import what_goes
from mace_tui.screens.modals import ChoiceModal, ConfirmModal, ReasonModal

if TYPE_CHECKING:
    from textual.app import App

    from mace_tui.chair.attendance import AttendanceView
    from mace_tui.chair.inquorate import FollowOnPlan
    from mace_tui.profiles import Profile
    from store.records import AttendanceRecord


def member_dialog(view: AttendanceView, deputy: AttendanceRecord) -> ChoiceModal[AttendanceRecord]:
    """Which member ``deputy`` stands in for."""
    members = [
        (f"{p.name} — {p.agency}", p)
        for p in view.people
        if p.person_id != deputy.person_id and p.deputy_for_id is None
    ]
    return ChoiceModal(
        f"{deputy.name} deputises for…", members, prompt="Choose the member they stand in for."
    )


def named_deputy_dialog(
    view: AttendanceView, member: AttendanceRecord
) -> ChoiceModal[tuple[int, str]]:
    """Which of the deputies the directory names for ``member`` has come (id and name)."""
    offers = [
        (f"{name} — {agency}", (person_id, name))
        for person_id, name, agency in view.deputies_for(member)
    ]
    return ChoiceModal(
        f"Named deputy for {member.name}",
        offers,
        prompt="The directory names these deputies. Choose who has come in their place.",
    )


def ask_deputy(
    app: App[Any],
    view: AttendanceView,
    person: AttendanceRecord,
    chosen: Callable[[int, int, str], None],
) -> None:
    """Who stands in for whom: for a member who is not here, which of the deputies the
    directory names for them has come (R1); otherwise whom ``person`` deputises for.
    ``chosen(deputy id, member id, what to say)`` once the chair has picked."""
    if view.deputies_for(person):

        def named(deputy: tuple[int, str] | None) -> None:
            if deputy is not None:
                said = f"{deputy[1]} is here as deputy for {person.name}."
                chosen(deputy[0], person.person_id, said)

        app.push_screen(named_deputy_dialog(view, person), named)
        return

    def member(for_member: AttendanceRecord | None) -> None:
        if for_member is not None:
            said = f"{person.name} is here as deputy for {for_member.name}."
            chosen(person.person_id, for_member.person_id, said)

    app.push_screen(member_dialog(view, person), member)


def ask_inquorate(
    app: App[Any],
    view: AttendanceView,
    plan: FollowOnPlan,
    profile: Profile,
    answered: Callable[[str, str], None],
) -> None:
    """Ask the chair to confirm, then the date (a rearranged meeting) and the note;
    ``answered(note, date)`` once all are given (the date as typed, YYYY-MM-DD)."""
    chair = next((p.name for p in view.people if p.role == "chair" and p.in_room), None)
    notice = inquorate_notice(
        meeting_date=view.meeting.date, quorum=view.quorum, agencies=view.agencies, chair=chair
    )
    queue = what_goes(profile, len(view.queue))
    if plan.latest is None:
        goes = f"{queue} to the next working day's meeting, {plan.proposed:%A %d %B %Y}"
    else:
        goes = (
            f"{queue} to a rearranged meeting, proposed {plan.proposed:%A %d %B %Y} "
            f"(any working day up to {plan.latest:%A %d %B %Y})"
        )
    body = (
        f"Missing: {', '.join(notice.missing)}.\n"
        f"{goes}, with the same invitations and known conflicts.\n"
        "Tell:\n  " + "\n  ".join(notice.tell)
    )
    chosen: list[str] = [plan.proposed.isoformat()]

    def reason_given(reason: str | None) -> None:
        if reason:
            answered(reason, chosen[0])

    def ask_reason() -> None:
        app.push_screen(
            ReasonModal(
                "Record as inquorate",
                "A note for the record (e.g. health apologies received at 08:50).",
                value=f"No {', no '.join(notice.missing)}",
            ),
            reason_given,
        )

    def date_given(text: str | None) -> None:
        if text:
            chosen[0] = text
            ask_reason()

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        if plan.latest is None:
            ask_reason()
            return
        app.push_screen(
            ReasonModal(
                "Rearranged meeting",
                f"Its date (YYYY-MM-DD), a working day up to {plan.latest:%d %B %Y}.",
                value=chosen[0],
            ),
            date_given,
        )

    app.push_screen(
        ConfirmModal("The meeting cannot go ahead", body, yes="Record as inquorate"), confirmed
    )
