"""A one-line progress bar with the estimated time left, for batch grading."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30


def format_seconds(seconds: float) -> str:
    """``75`` → ``"1 min 15 s"``; ``3725`` → ``"1 h 02 min"``."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class ProgressBar:
    """``[#####.....] 12/300 submissions, 3.1 a minute, about 1 h 33 min left`` on one line of ``stream``.

    The time left is the time per submission so far times the submissions
    left. Redrawn in place (carriage return), so it belongs on a terminal:
    the caller decides (``aecourse grade --batch`` draws it on stderr when that
    is a terminal, or with ``--progress``).
    """

    def __init__(self, stream: TextIO, clock=time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.total = self.done = 0
        self.started = 0.0

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, self.clock()
        self._draw()

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def line(self) -> str:
        """The bar's text now."""
        filled = WIDTH * self.done // max(self.total, 1)
        text = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} submissions"
        elapsed = self.clock() - self.started
        if self.done and elapsed > 0:
            rate = 60 * self.done / elapsed
            text += f", {rate:.1f} a minute, about {format_seconds(elapsed / self.done * (self.total - self.done))} left"
        return text

    def _draw(self) -> None:
        self.stream.write("\r" + self.line() + "\033[K")
        self.stream.flush()

    def clear(self) -> None:
        """Blank the line (before other output is printed)."""
        self.stream.write("\r\033[K")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
