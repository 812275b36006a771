"""Writes a sealed recording block by block until killed (for test_sealed.py).

Run as ``python -m tests.audio.sealing_process PATH KEYHEX STOREID``; prints
the number of blocks written after each one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mace_tui.audio.sealed import SealedWriter
from tests.audio.virtual_mic import BLOCK, ramp


def main(path: str, key: str, store_id: str) -> None:
    writer = SealedWriter(Path(path), key=bytes.fromhex(key), store_id=store_id,
                          sample_rate=16_000, channels=1)  # fmt: skip
    signal = ramp(400 * BLOCK)
    for number in range(400):
        writer.write(signal[number * BLOCK : (number + 1) * BLOCK].reshape(-1, 1))
        print(number + 1, flush=True)
    sys.stdin.readline()  # wait to be killed


if __name__ == "__main__":
    main(*sys.argv[1:])
