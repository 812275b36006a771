"""The yardstick for start-up: a bare one-widget Textual app."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("BARE APP READY")


if __name__ == "__main__":
    Bare().run()
