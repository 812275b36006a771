"""Review test fixtures: the virtual microphone and recordings made through it."""

from tests.audio.fixtures import demo_meeting, make_audio
from tests.audio.virtual_mic import fifomic, virtual_audio
from tests.review.fixtures import recorded

__all__ = ["demo_meeting", "fifomic", "make_audio", "recorded", "virtual_audio"]
