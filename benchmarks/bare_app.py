"""The yardstick for start-up: a bare one-widget Textual app."""

import sys

# benchmarks/typing.py would shadow the standard library's typing for scripts run
# from this folder: put the folder last on the path, after the standard library.
sys.path.append(sys.path.pop(0))

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("BARE APP READY")


if __name__ == "__main__":
    Bare().run()
