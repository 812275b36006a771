"""The directory's small forms: an agency, a person, a person's named deputies."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from mace_tui.directory.records import (
    AgencyEntry,
    AgencyFields,
    DeputyEntry,
    PersonEntry,
    PersonFields,
)
from mace_tui.rules.vocab import ROLE_LABELS, SECTOR_LABELS


class _Form(ModalScreen[object]):
    """Save with ctrl+s (or Enter in a field), Escape cancels; missing fields are named."""

    CSS_PATH = "directory.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="directory_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="directory_form.save"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def buttons(self) -> ComposeResult:
        yield Static("", id="form-error", classes="error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save", variant="primary", id="form-save")
            yield Button("Cancel", id="form-cancel")

    def problem(self, text: str, widget_id: str) -> None:
        self.query_one("#form-error", Static).update(text)
        self.query_one(f"#{widget_id}").focus()

    @on(Button.Pressed, "#form-save")
    @on(Input.Submitted)
    def _submit(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def value(self, widget_id: str) -> str:
        return " ".join(self.query_one(f"#{widget_id}", Input).value.split())


class AgencyForm(_Form):
    """Add or edit an agency: name, short name, sector, operational point of contact."""

    def __init__(self, agency: AgencyEntry | None = None) -> None:
        super().__init__()
        self.agency = agency

    def compose(self) -> ComposeResult:
        a = self.agency
        with Vertical(classes="dialog"):
            title = "Edit agency" if a else "Add an agency"
            yield Label(f"[b]{title}[/b]", classes="dialog-title")
            yield Input(a.name if a else "", placeholder="Name, e.g. Testshire Police", id="f-name")
            yield Input(a.short_name if a else "", placeholder="Short name, e.g. TP", id="f-short")
            yield Select(
                [(label, key) for key, label in SECTOR_LABELS.items()],
                value=a.sector if a else Select.NULL,
                prompt="Sector (what it counts as for quorum)",
                id="f-sector",
            )
            yield Input(
                a.contact if a else "",
                placeholder="Operational point of contact (name, phone or email)",
                id="f-contact",
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def action_save(self) -> None:
        name = self.value("f-name")
        sector = self.query_one("#f-sector", Select).value
        if not name:
            self.problem("Name: type the agency's name.", "f-name")
            return
        if not isinstance(sector, str):
            self.problem("Sector: choose what the agency counts as for quorum.", "f-sector")
            return
        self.dismiss(
            AgencyFields(
                name=name,
                sector=sector,
                short_name=self.value("f-short"),
                contact=self.value("f-contact"),
                key=self.agency.key if self.agency else "",
            )
        )


class PersonForm(_Form):
    """Add or edit a person: name, agency, role, job title, contact."""

    def __init__(self, agencies: Sequence[AgencyEntry], person: PersonEntry | None = None) -> None:
        super().__init__()
        self.agencies = [a for a in agencies if a.active or (person and a.id == person.agency_id)]
        self.person = person

    def compose(self) -> ComposeResult:
        p = self.person
        with Vertical(classes="dialog"):
            yield Label(f"[b]{'Edit person' if p else 'Add a person'}[/b]", classes="dialog-title")
            yield Input(p.name if p else "", placeholder="Name", id="f-name")
            yield Select(
                [(a.name, a.id) for a in self.agencies],
                value=p.agency_id if p else Select.NULL,
                prompt="Agency",
                id="f-agency",
            )
            yield Select(
                [(label, key) for key, label in ROLE_LABELS.items()],
                value=p.role if p else "member",
                allow_blank=False,
                id="f-role",
            )
            yield Input(p.title if p else "", placeholder="Job title (optional)", id="f-title")
            yield Input(
                p.contact if p else "", placeholder="Contact: email or phone", id="f-contact"
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def action_save(self) -> None:
        name = self.value("f-name")
        agency = self.query_one("#f-agency", Select).value
        if not name:
            self.problem("Name: type the person's name.", "f-name")
            return
        if not isinstance(agency, int):
            self.problem("Agency: choose the person's agency.", "f-agency")
            return
        role = self.query_one("#f-role", Select).value
        self.dismiss(
            PersonFields(
                name=name,
                agency_id=agency,
                role=role if isinstance(role, str) else "member",
                title=self.value("f-title"),
                contact=self.value("f-contact"),
            )
        )


class PickPerson(ModalScreen[int | None]):
    """Pick one person from a list: type to narrow it, Enter to choose, Escape to cancel."""

    CSS_PATH = "directory.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick_person.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[int, str]], hint: str = "") -> None:
        super().__init__(classes="modal")
        self.title_text = title
        self.choices = list(choices)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{self.title_text}[/b]", classes="dialog-title")
            yield Input(placeholder="Type to search, Enter to choose", id="pick-search")
            yield OptionList(id="pick-options")
            yield Static(self.hint, classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#pick-search", Input).focus()

    @on(Input.Changed, "#pick-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, text: str) -> None:
        words = text.lower().split()
        options = self.query_one("#pick-options", OptionList)
        options.clear_options()
        for person_id, label in self.choices:
            if all(w in label.lower() for w in words):
                options.add_option(Option(label, id=str(person_id)))
        if options.option_count:
            options.highlighted = 0

    def on_key(self, event: Key) -> None:
        if event.key in ("down", "up") and self.focused is self.query_one("#pick-search"):
            options = self.query_one("#pick-options", OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()

    @on(Input.Submitted, "#pick-search")
    def _enter(self) -> None:
        options = self.query_one("#pick-options", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(int(option.id or 0))

    @on(OptionList.OptionSelected, "#pick-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


def deputy_choices(
    member: PersonEntry, people: Sequence[PersonEntry], named: Sequence[DeputyEntry]
) -> list[tuple[int, str]]:
    """Active people who could be named as the member's deputy, their own agency first."""
    taken = {d.deputy_id for d in named} | {member.id}
    free = [p for p in people if p.active and p.id not in taken]
    free.sort(key=lambda p: (p.agency_id != member.agency_id, p.agency, p.name))
    return [(p.id, f"{p.name} — {p.agency}") for p in free]


def name_deputy_dialog(member: PersonEntry, people: Sequence[PersonEntry]) -> PickPerson:
    """The list to name one more deputy for ``member`` from (not those already named)."""
    named = {q.id for q in people if q.name in member.deputies}
    choices = [c for c in deputy_choices(member, people, []) if c[0] not in named]
    return PickPerson(
        f"A deputy for {member.name}",
        choices,
        "A named deputy is who stands in when the member cannot come.",
    )


def unname_deputy_dialog(member: PersonEntry, people: Sequence[PersonEntry]) -> PickPerson:
    """The list of ``member``'s named deputies, to stop naming one."""
    choices = [(q.id, f"{q.name} — {q.agency}") for q in people if q.name in member.deputies]
    return PickPerson(f"Remove a deputy of {member.name}", choices)
