"""A progress bar on stderr for the import and export commands (shown only on a terminal)."""

from __future__ import annotations

import sys

from tqdm import tqdm

_LABELS = {"read": "đọc / reading", "store": "lưu / storing", "write": "ghi / writing"}


class TqdmProgress:
    """Call as ``progress(phase, done, total)``; a new phase starts a new bar."""

    def __init__(self) -> None:
        self._bar: tqdm | None = None
        self._phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self._phase:
            self.close()
            self._phase = phase
            self._bar = tqdm(
                total=total or None,
                desc=_LABELS.get(phase, phase),
                file=sys.stderr,
                disable=None,  # off when stderr is not a terminal
                unit="B" if phase == "read" and total else "it",
                unit_scale=True,
                leave=False,
            )
        if self._bar is not None:
            self._bar.n = done
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._phase = ""
