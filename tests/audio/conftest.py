"""Audio test fixtures, shared with tests/app through tests.audio.fixtures."""

from tests.audio.fixtures import demo_meeting, make_audio
from tests.audio.virtual_mic import fifomic, virtual_audio

__all__ = ["demo_meeting", "fifomic", "make_audio", "virtual_audio"]
