"""The recording form per child (R24): research by agency, the discussion, whom it is shared
with; Level 2 adds earlier research and discussions. Golden files, and the export command."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from sqlmodel import select

from mace_tui.cli import main
from mace_tui.reports.form_export import export_forms, render_markdown
from mace_tui.reports.marking import marking_line
from mace_tui.reports.recording_form import RecordingForm, build_forms
from store import models as m
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.reports import builders
from tests.reports.conftest import Meetings, assert_golden

ZOE, SIAN = "Zoë Ñandú-Øster", "Siân O'Hara-Łukasz"


def add_research(store: Store, meetings: Meetings) -> None:
    """Research for Zoë at the rich meeting (two agencies) and at the earlier one."""
    hub = meetings.hub
    with store.session() as session:
        items = {(i.meeting_date, i.child_id): i for i in session.exec(select(m.AgendaItem)).all()}
        now = items[(builders.RICH_DAY, hub.child[ZOE])]
        old = items[(builders.EARLIER, hub.child[ZOE])]
        for item, agency, who, kind, text, received in (
            (now, "school", "Ngozi Examplé", "fact", "Attendance fell to 60% this term.", date(2026, 11, 12)),
            (now, "police", "PC Rory Madeup", "opinion", "Likely drawn into running items | for older youths.", date(2026, 11, 13)),
            (old, "health", "Nurse Maëlle Pretendsworth", "fact", "Two visits to A&E in October.", date(2026, 10, 30)),
        ):  # fmt: skip
            session.add(
                m.Research(
                    item_id=item.id or 0,
                    child_id=item.child_id,
                    agency_id=hub.agency[agency],
                    contributor=who,
                    kind=kind,
                    text=text,
                    received=received,
                    created_at=DEMO_NOW,
                )
            )
        session.commit()


def forms(meetings: Meetings, *, history: bool) -> dict[str, RecordingForm]:
    with meetings.store.session() as session:
        built = build_forms(
            session, meeting_id=meetings.rich, generated_at=DEMO_NOW, history=history
        )
    return {f.child.child.name: f for f in built}


def test_one_form_per_child_discussed(meetings: Meetings) -> None:
    # Jamie was deferred: no discussion, so no form.
    assert set(forms(meetings, history=False)) == {ZOE, SIAN}


def test_form_matches_golden(meetings: Meetings) -> None:
    add_research(meetings.store, meetings)
    assert_golden(
        "form-rich-2026-11-16-zoe.md", render_markdown(forms(meetings, history=False)[ZOE])
    )


def test_level_2_form_with_history_matches_golden(meetings: Meetings) -> None:
    add_research(meetings.store, meetings)
    assert_golden(
        "form-rich-2026-11-16-zoe-history.md", render_markdown(forms(meetings, history=True)[ZOE])
    )


def test_shared_with_leaves_out_the_conflicted_and_adds_contributors(meetings: Meetings) -> None:
    add_research(meetings.store, meetings)
    zoe = forms(meetings, history=False)[ZOE]
    assert zoe.shared_with == (
        "DS Örjan Fauxley, Testshire Police (made up)",
        "Dee Standin, Sampleburgh Children's Services (made up)",
        "Ngozi Examplé, Mockbridge Schools (made up)",
        "Ngozi Examplé, Mockbridge Schools (made up) (research)",
        "PC Rory Madeup, Testshire Police (made up) (research)",
    )
    # The nurse declared a conflict for Zoë, not for Siân; the absent member is on neither.
    sian = forms(meetings, history=False)[SIAN]
    assert "Nurse Maëlle Pretendsworth, Exampleville Health (made up)" in sian.shared_with
    assert not any("Ciarán" in p for p in (*zoe.shared_with, *sian.shared_with))


def test_files_are_marked_private_and_never_replaced(meetings: Meetings, tmp_path: Path) -> None:
    built = list(forms(meetings, history=False).values())
    first = export_forms(built, tmp_path)
    second = export_forms(built, tmp_path)
    paths = [p for files in (*first, *second) for p in files.paths]
    assert len(set(paths)) == 8
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert all(ZOE not in p.name and SIAN not in p.name for p in paths)
    assert second[0].paths[0].name.endswith("-2.md")
    marking = marking_line("version 1")
    text = first[0].paths[0].read_text("utf-8").splitlines()
    assert text[0] == marking and text[-1] == marking
    word = docx.Document(str(first[0].paths[1]))
    assert marking in word.sections[0].header.paragraphs[0].text
    assert marking in word.sections[0].footer.paragraphs[0].text
    assert ZOE not in (word.core_properties.title or "")


def export(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_export_forms_command_audits_each_form(demo_store: Store, tmp_path: Path) -> None:
    code, out, err = export("--meeting", "2026-11-19:llr-drmm", "--forms", "--out", str(tmp_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[-1] == "Wrote 3 recording forms (6 files, Markdown and Word)."
    assert [Path(p).suffix for p in lines[:-1]] == [".md", ".docx"] * 3
    with demo_store.session() as session:
        events = session.exec(
            select(m.AuditEvent).where(m.AuditEvent.action == "export-form")
        ).all()
    assert len(events) == 3
    assert all("recording form of " in e.detail for e in events)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--forms", "--format", "md"), "--forms: these are always Markdown and Word"),
        ((), "--format: say which format"),
    ],
)
def test_forms_and_formats_do_not_mix(demo_store: Store, tmp_path: Path, args, says) -> None:
    code, _out, err = export("--meeting", "2026-11-19:llr-drmm", *args, "--out", str(tmp_path))
    assert code == 2
    assert says in err


def test_research_cited_in_a_note_is_named_in_the_form(meetings: Meetings) -> None:
    """A note citing research ("confirms research from …") is carried into the form (R23)."""
    from mace_tui.rules.citations import citation_text

    add_research(meetings.store, meetings)
    with meetings.store.session() as session:
        school = session.exec(
            select(m.Research).where(m.Research.contributor == "Ngozi Examplé")
        ).one()
        item = session.get(m.AgendaItem, school.item_id)
        assert item is not None and school.id is not None
        cited = citation_text(
            verb="confirms", agency="Mockbridge Schools (made up)", received=school.received,
            research_id=school.id,
        )  # fmt: skip
        session.add(
            m.ThriveNote(
                item_id=item.id or 0, section="vulnerabilities", agency_id=meetings.hub.agency["cs"],
                kind="fact", text=f"Missing school most Fridays; {cited}",
                created_at=DEMO_NOW, updated_at=DEMO_NOW,
            )
        )  # fmt: skip
        session.commit()
    text = render_markdown(forms(meetings, history=False)[ZOE]).decode()
    assert "### Cited in the discussion" in text
    assert (
        "- Mockbridge Schools (made up), received 12 Nov 2026: cited in a Vulnerabilities note"
        in text
    )
    assert "confirms research from Mockbridge Schools (made up), received 12/11/2026" in text
    # Without a citation the section is not there (the golden files hold none).
    assert (
        "Cited in the discussion"
        not in render_markdown(forms(meetings, history=False)[SIAN]).decode()
    )


# -- persons and locations of concern (R22, R24) ------------------------------------------

PERSON, PLACE = "Dale Fictionby", "The Sample Street Flats"


def add_concerns(meetings: Meetings) -> None:
    """A person of concern discussed at the rich meeting and two weeks before (with research),
    and a location of concern discussed at the rich meeting only."""
    from tests.reports.builders import EARLIER, RICH_DAY, at

    hub = meetings.hub
    with meetings.store.session() as session:
        person = m.ConcernPerson(
            ref="P-DALE0001", name=PERSON, aliases="Big D", date_of_birth=date(1996, 3, 4),
            police_ref="TP/26/0099", created_at=DEMO_NOW,
        )  # fmt: skip
        place = m.ConcernLocation(
            ref="L-FLATS001", name=PLACE, kind="premises",
            address="1 Sample Street, Mockbridge", local_authority="Mockbridge (made up)",
            created_at=DEMO_NOW,
        )  # fmt: skip
        session.add(person)
        session.add(place)
        session.flush()
        earlier_meeting = session.exec(select(m.Meeting).where(m.Meeting.date == EARLIER)).one()
        rich = meetings.rich
        made: list[m.AgendaItem] = []
        for meeting_id, day, kind, position, start in (
            (earlier_meeting.id, EARLIER, "person", 5, (9, 40)),
            (rich, RICH_DAY, "person", 5, (9, 45)),
            (rich, RICH_DAY, "location", 6, (9, 50)),
        ):
            item = m.AgendaItem(
                meeting_id=meeting_id or 0, subject_kind=kind, meeting_date=day,
                profile=builders.DRMM, position=position, status="done",
                concern_person_id=person.id if kind == "person" else None,
                concern_location_id=place.id if kind == "location" else None,
                referral_source="intelligence", exploitation_types="cce",
                reason="Named by two children as the one who hands out the phones."
                if kind == "person" else "Children seen going in late at night.",
                started_at=at(day, *start), ended_at=at(day, start[0], start[1] + 4),
            )  # fmt: skip
            session.add(item)
            session.flush()
            made.append(item)
        old, now, flats = made
        for item, section, agency, kind, text in (
            (old, "threat-posed", "police", "fact", "Arrested in 2025 for supplying; released."),
            (now, "links", "police", "fact", "Linked to two children on this queue."),
            (now, "disruption", "cs", "opinion", "A CAWN would likely deter him."),
            (flats, "activity", "police", "fact", "Stop-and-search twice this month."),
        ):
            session.add(
                m.ThriveNote(
                    item_id=item.id or 0, section=section, agency_id=hub.agency[agency],
                    kind=kind, text=text, created_at=DEMO_NOW, updated_at=DEMO_NOW,
                )
            )  # fmt: skip
        for item, grade, rationale in (
            (old, "MEDIUM", "Links to children not yet confirmed."),
            (now, "HIGH", "Now linked to two children; supplying again."),
        ):
            session.add(
                m.Grading(
                    item_id=item.id or 0, child_id=None, meeting_date=item.meeting_date,
                    profile=builders.DRMM, grade=grade, rationale=rationale,
                    proposed_outcome="investigation", outcome="investigation",
                )
            )  # fmt: skip
        session.add(
            m.Action(
                meeting_id=rich, item_id=now.id, meeting_date=now.meeting_date,
                profile=builders.DRMM, kind="action", text="Apply for a child abduction warning notice", owner="DS Örjan Fauxley",
                agency_id=hub.agency["police"], due=date(2026, 11, 30), agreed=True,
                created_at=DEMO_NOW, updated_at=DEMO_NOW,
            )
        )  # fmt: skip
        for item, agency, who, text, received in (
            (old, "police", "PC Rory Madeup", "Known to supply in Mockbridge.", date(2026, 10, 30)),
            (now, "school", "Ngozi Examplé", "Seen at the school gate twice.", date(2026, 11, 12)),
        ):
            session.add(
                m.Research(
                    item_id=item.id or 0, child_id=None, agency_id=hub.agency[agency],
                    contributor=who, kind="fact", text=text, received=received,
                    created_at=DEMO_NOW,
                )
            )  # fmt: skip
        session.commit()


def test_a_form_for_each_subject_kind(meetings: Meetings) -> None:
    add_concerns(meetings)
    built = forms(meetings, history=False)
    assert set(built) == {ZOE, SIAN, PERSON, PLACE}
    assert built[PERSON].file_stem.endswith("-P-DALE0001")
    assert built[PLACE].file_stem.endswith("-L-FLATS001")


@pytest.mark.parametrize(
    ("subject", "says", "never"),
    [
        (
            PERSON,
            (
                "- **Subject:** Person of concern",
                "- **Date of birth:** 4 March 1996",
                "police TP/26/0099",
            ),
            ("Neighbourhood policing area", "Local authority"),
        ),
        (
            PLACE,
            ("- **Subject:** Location of concern", "- **Local authority:** Mockbridge (made up)"),
            ("Neighbourhood policing area", "Date of birth"),
        ),
    ],
)
def test_a_person_or_location_form_has_no_childs_wording(
    meetings: Meetings, subject: str, says: tuple[str, ...], never: tuple[str, ...]
) -> None:
    add_concerns(meetings)
    text = render_markdown(forms(meetings, history=True)[subject]).decode()
    for words in says:
        assert words in text
    for words in never:
        assert words not in text


def test_person_of_concern_form_with_history_matches_golden(meetings: Meetings) -> None:
    """Level 2: the person's earlier discussion and research, and whom the form is shared with."""
    add_concerns(meetings)
    form = forms(meetings, history=True)[PERSON]
    assert "PC Rory Madeup, Testshire Police (made up) (research)" not in form.shared_with
    assert "Ngozi Examplé, Mockbridge Schools (made up) (research)" in form.shared_with
    assert_golden("form-rich-2026-11-16-person.md", render_markdown(form))
