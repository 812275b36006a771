"""The THRIVE pane (R5): six sections, their prompts, and notes attributed to an agency.

Keys: up/down choose a section; Enter or ctrl+n starts a note in it; in the
note, ctrl+o picks who gave it (a person in the room, or just an agency),
ctrl+t switches fact/opinion, ctrl+l applies
the better wording for a flagged phrase, Escape leaves the note. Every change
is announced by a message; the screen saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mace_tui.chair.notes import NoteDraft
from mace_tui.chair.thrive import BY_KEY, SECTIONS, SECTIONS_BY_KIND, Section
from mace_tui.widgets.language_area import LanguageArea


class ThrivePane(Horizontal):
    """Sections on the left; the section's prompts, notes and the note being typed on the right."""

    BINDINGS = [
        Binding("ctrl+n", "new_note", "New note", id="thrive.new"),
        Binding("ctrl+o", "pick_author", "Author", id="thrive.agency"),
        # Written on the note line while typing; off the footer so 80 columns hold the rest.
        Binding("ctrl+t", "toggle_kind", "Fact/opinion", show=False, id="thrive.kind"),
        # Shown in the hint under the note when a phrase is found, not in the footer.
        Binding("ctrl+l", "better_wording", "Better wording", show=False, id="thrive.wording"),
        Binding("escape", "leave_note", "Leave note", show=False, id="thrive.leave"),
        # Written on the note line while typing, like ctrl+t.
        Binding("ctrl+f", "cite_research", "Cite research", show=False, id="thrive.cite"),
    ]

    DEFAULT_CSS = """
    ThrivePane { height: 1fr; }
    ThrivePane #sections { width: 22; height: 1fr; border-right: solid $primary 40%; }
    ThrivePane #section-body { width: 1fr; padding-left: 1; }
    ThrivePane #prompts { color: $text-muted; height: auto; }
    ThrivePane #notes { height: 1fr; min-height: 2; }
    ThrivePane #note-line { height: 1; background: $boost; }
    ThrivePane #note-editor { height: 5; border-left: wide $primary 40%; }
    """

    @dataclass
    class NoteChanged(Message):
        """A note was created or edited; save it."""

        draft: NoteDraft

    @dataclass
    class AuthorWanted(Message):
        """The chair wants to pick who gave the note being typed (a person or an agency)."""

        draft: NoteDraft

    @dataclass
    class CitationWanted(Message):
        """The chair wants to cite research in the note being typed (R23)."""

        draft: NoteDraft

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.drafts: list[NoteDraft] = []
        # The sections of the subject's kind (R22): THRIVE for a child.
        self.sections: tuple[Section, ...] = SECTIONS
        self.section = SECTIONS[0].key
        self.editing: NoteDraft | None = None
        self._next_key = 1
        self.default_agency: tuple[int | None, str] = (None, "")
        self.default_person: tuple[int | None, str] = (None, "")
        # What is on screen, so a key redraws only what it changed (typing stays fast).
        self._shown: dict[str, str] = {}
        # A child (or person, or place) is under discussion: notes can be written.
        self.open = False

    def compose(self) -> ComposeResult:
        yield OptionList(
            *(Option(s.title, id=s.key) for s in SECTIONS), id="sections", compact=True
        )
        with Vertical(id="section-body"):
            yield Static("", id="prompts")
            with VerticalScroll(id="notes"):
                yield Static("", id="notes-text")
            yield Static("", id="note-line")
            # The language hint for the note goes to the screen's status line (R15).
            yield LanguageArea(id="note-editor", compact=True)

    def on_mount(self) -> None:
        self.query_one("#note-editor", LanguageArea).disabled = True
        self._render_section()

    # -- attributes down -----------------------------------------------------
    def use_kind(self, kind: str) -> None:
        """Show the sections of a child, a person or a location of concern (R22)."""
        sections = SECTIONS_BY_KIND.get(kind, SECTIONS)
        if sections == self.sections:
            return
        # The new list shows plain titles: forget the counts drawn on the old one.
        for item in (*self.sections, *sections):
            self._shown.pop(item.key, None)
        self.sections = sections
        self.section = sections[0].key
        options = self.query_one("#sections", OptionList)
        options.clear_options()
        options.add_options([Option(s.title, id=s.key) for s in sections])
        options.highlighted = 0

    def load(self, drafts: Sequence[NoteDraft], *, default_agency: tuple[int | None, str]) -> None:
        """Show a child's notes (on opening the discussion)."""
        self.open = True
        self.drafts = list(drafts)
        self._next_key = max((d.key for d in drafts), default=0) + 1
        self.default_agency = default_agency
        self.default_person = (None, "")
        self.editing = None
        # Nothing of the previous child's discussion may stay on screen (R18).
        self._empty_editor()
        self._render_section()

    def close(self) -> None:
        """No one under discussion: nothing of the last discussion shown, and no note started
        (with no discussion to save it to, its words would be lost)."""
        self.load([], default_agency=(None, ""))
        self.open = False
        self._render_section()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_note" and not self.open:
            return None
        return True

    @property
    def next_key(self) -> int:
        return self._next_key

    def show_arrived(self, drafts: Sequence[NoteDraft], next_key: int) -> None:
        """Notes written on another seat, merged in; the note being typed stays as it is."""
        self.drafts = list(drafts)
        self._next_key = max(self._next_key, next_key)
        self._render_section()

    def put_back(self, draft: NoteDraft, *, added: NoteDraft | None = None) -> None:
        """Show ``draft`` in place of the note with its key (the editor too, if it is the
        note being typed), and ``added`` after it: the outcome of a stale save (R25)."""
        self.drafts = [draft if d.key == draft.key else d for d in self.drafts]
        if added is not None:
            self.drafts.append(added)
            self._next_key = max(self._next_key, added.key + 1)
        if self.editing is not None and self.editing.key == draft.key:
            self.editing = draft
            self.query_one("#note-editor", LanguageArea).load_text(draft.text)
        self._render_section()

    def _empty_editor(self) -> None:
        editor = self.query_one("#note-editor", LanguageArea)
        editor.load_text("")
        editor.disabled = True

    def set_agency(self, agency_id: int, agency: str) -> None:
        """Attribute the note being typed to ``agency`` (no one in particular)."""
        self.set_author(None, "", agency_id, agency)

    def set_author(self, person_id: int | None, person: str, agency_id: int, agency: str) -> None:
        """Attribute the note being typed to a person in the room and their agency."""
        self.default_agency = (agency_id, agency)
        self.default_person = (person_id, person)
        if self.editing is not None:
            self._update(
                replace(
                    self.editing,
                    agency_id=agency_id,
                    agency=agency,
                    person_id=person_id,
                    person=person,
                )
            )

    def drop_person(self, person_id: int) -> None:
        """Someone has left for this child (a conflict): new notes are no longer theirs, and
        the note being written in their name is put down to their agency instead."""
        if self.default_person[0] == person_id:
            self.default_person = (None, "")
            self._render_note_line()
        editing = self.editing
        if editing is not None and editing.person_id == person_id:
            self._update(replace(editing, person_id=None, person=""))
            self._render_note_line()

    # -- drawing ------------------------------------------------------------------
    def _render_section(self) -> None:
        section = BY_KEY[self.section]
        options = self.query_one("#sections", OptionList)
        for index, item in enumerate(self.sections):
            count = sum(1 for d in self.drafts if d.section == item.key and d.text.strip())
            label = f"{item.title} ({count})" if count else item.title
            if self._shown.get(item.key, item.title) != label:
                options.replace_option_prompt_at_index(index, label)
                self._shown[item.key] = label
        self._show("prompts", f"[b]{section.title}[/b]  " + escape(" ".join(section.prompts)))
        notes = [d for d in self.drafts if d.section == self.section]
        if not self.open:
            lines = ["[dim]No child under discussion.[/dim]"]
        elif notes:
            lines = [
                f"{'▶ ' if self.editing and d.key == self.editing.key else '• '}"
                f"[b]{escape(d.author or 'no agency')}[/b] · {d.kind}: {escape(d.text) or '…'}"
                for d in notes
            ]
        else:
            lines = ["[dim]No notes yet. Press Enter or ctrl+n to write one.[/dim]"]
        self._show("notes-text", "\n".join(lines))
        self._render_note_line()

    def _show(self, static_id: str, markup: str) -> None:
        """Put ``markup`` in the Static ``#static_id`` unless it already shows it."""
        if self._shown.get(static_id) == markup:
            return
        self._shown[static_id] = markup
        static = self.query_one(f"#{static_id}", Static)
        width, height = static.size
        # A layout of the whole screen at each key costs more than the key's budget: only
        # when the new text takes more or fewer lines than the old.
        static.update(markup, layout=False)
        if not width or static.get_content_height(static.size, static.size, width) != height:
            static.refresh(layout=True)

    def _render_note_line(self) -> None:
        if not self.open:
            self._show("note-line", "")
            return
        if self.editing is None:
            self._show("note-line", " Not typing a note · Enter: new note in this section")
            return
        author = self.editing.author or "no agency yet (ctrl+o)"
        self._show(
            "note-line",
            f" {escape(BY_KEY[self.editing.section].title)} · [b]{escape(author)}[/b] · "
            f"[b]{'FACT' if self.editing.kind == 'fact' else 'OPINION'}[/b]  (ctrl+o author, ctrl+t fact/opinion, ctrl+f cite research)",
        )

    # -- sections and notes ---------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#sections")
    def section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.section:
            self.section = event.option.id
            self._render_section()

    @on(OptionList.OptionSelected, "#sections")
    def section_selected(self) -> None:
        self.action_new_note()

    def action_new_note(self) -> None:
        """Start a new note in the current section, attributed to the last agency used."""
        if not self.open:
            return
        agency_id, agency = self.default_agency
        person_id, person = self.default_person
        draft = NoteDraft(
            self._next_key, None, self.section, agency_id, agency, "fact", "", person_id, person
        )
        self._next_key += 1
        self.drafts.append(draft)
        self._edit(draft)

    def edit_last(self) -> None:
        """Continue the last note of the section (or start one)."""
        notes = [d for d in self.drafts if d.section == self.section]
        if notes:
            self._edit(notes[-1])
        else:
            self.action_new_note()

    def _edit(self, draft: NoteDraft) -> None:
        self.editing = draft
        editor = self.query_one("#note-editor", LanguageArea)
        editor.disabled = False
        editor.load_text(draft.text)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._render_section()

    def action_leave_note(self) -> None:
        """Stop typing; focus returns to the sections."""
        if self.editing is None:
            return
        self.editing = None
        self._empty_editor()
        self.query_one("#sections", OptionList).focus()
        self._render_section()

    def _update(self, draft: NoteDraft) -> None:
        self.drafts = [draft if d.key == draft.key else d for d in self.drafts]
        if self.editing is not None and self.editing.key == draft.key:
            self.editing = draft
        self.post_message(self.NoteChanged(draft))
        self._render_section()

    @on(LanguageArea.Changed, "#note-editor")
    def typed(self, event: LanguageArea.Changed) -> None:
        event.stop()
        if self.editing is not None and event.text_area.text != self.editing.text:
            self._update(replace(self.editing, text=event.text_area.text))

    def action_pick_author(self) -> None:
        if self.editing is not None:
            self.post_message(self.AuthorWanted(self.editing))

    def action_cite_research(self) -> None:
        """Ask for a piece of research to cite in the note being typed."""
        if self.editing is None:
            self.app.notify("Start a note first (Enter on a section), then ctrl+f cites research.")
            return
        self.post_message(self.CitationWanted(self.editing))

    def insert_citation(self, text: str) -> None:
        """Put the citation's words at the cursor of the note being typed."""
        if self.editing is None:
            return
        editor = self.query_one("#note-editor", LanguageArea)
        before = editor.document.get_text_range((0, 0), editor.cursor_location)
        spacer = " " if before and not before[-1].isspace() else ""
        editor.insert(spacer + text)
        editor.focus()

    def action_toggle_kind(self) -> None:
        if self.editing is not None:
            kind = "opinion" if self.editing.kind == "fact" else "fact"
            self._update(replace(self.editing, kind=kind))

    def action_better_wording(self) -> None:
        editor = self.query_one("#note-editor", LanguageArea)
        if self.editing is not None and editor.apply_better_wording() is None:
            self.app.bell()

    def focus_sections(self) -> None:
        """Put the focus on the section list."""
        self.query_one("#sections", OptionList).focus()
