"""Reading a recording in a test, whichever format it is (sealed, or plain WAV from before).

``read_audio`` answers like ``soundfile.read``; a sealed file is opened with
this test's own key (its config folder is MACE_CONFIG_DIR, set per test).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from mace_tui.audio import sealed
from mace_tui.config import load_settings
from mace_tui.keystore import find_key


def read_audio(
    path: str | Path, dtype: str = "int16", always_2d: bool = False
) -> tuple[np.ndarray, int]:
    """The file's samples and rate, like ``sf.read(path, dtype=…, always_2d=…)``."""
    path = Path(path)
    if not sealed.is_sealed(path):
        data, rate = sf.read(path, dtype=dtype, always_2d=always_2d)
        return data, int(rate)
    store_id = sealed.read_header(path).store_id
    key = find_key(load_settings().config_dir, store_id, "recordings")
    samples, rate = sealed.open_samples(path, key)
    assert samples.dtype == np.dtype(dtype).newbyteorder("<"), "read it as the type it was cut"
    samples = samples.astype(dtype)
    if not always_2d and samples.shape[1] == 1:
        samples = samples[:, 0]
    return samples, rate


def holds_plain(path: str | Path, samples: np.ndarray, *, window: int = 64) -> bool:
    """True when ``window`` consecutive samples of ``samples`` appear in the file's bytes as PCM."""
    raw = Path(path).read_bytes()
    flat = np.ascontiguousarray(samples).reshape(-1)
    middle = len(flat) // 2
    probes = [flat[i : i + window] for i in (0, middle, max(0, len(flat) - window))]
    return any(probe.astype("<i2").tobytes() in raw for probe in probes if len(probe) == window)


def sealing(path: Path) -> dict[str, object]:
    """The key and store id a test's stand-in sink needs to seal ``path`` as the recorder would."""
    from mace_tui.audio.naming import file_store_id
    from mace_tui.audio.recfile import writing_key

    store_id = file_store_id(path)
    assert store_id is not None
    return {"key": writing_key(load_settings().config_dir, store_id), "store_id": store_id}
