"""What the command tells a person on stderr: errors always, warnings and notes unless -q, details with -v, and
progress only where someone watches (a terminal) or asked for it (-v)."""
from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Console:
    """Messages for the person running a command; stdout stays for the output itself."""

    def __init__(self, verbosity: int = 0, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._status = False

    def _write(self, text: str) -> None:
        if self._status:
            self.stream.write("\r\x1b[K")
            self._status = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def error(self, message: str) -> None:
        self._write(f"flowatlas: error: {message}")

    def warn(self, message: str) -> None:
        if self.verbosity >= 0:
            self._write(f"flowatlas: warning: {message}")

    def note(self, message: str) -> None:
        """Something the reader should know about the output or the input (a skipped file, a new organisation)."""
        if self.verbosity >= 0:
            self._write(message)

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            self._write(message)

    def progress(self, message: str) -> None:
        """A step of long work: one line rewritten in place on a terminal, a line each with -v, else nothing."""
        if self.verbosity > 0:
            self._write(message)
        elif self.live and self.verbosity == 0:
            self.stream.write("\r\x1b[K" + message[: terminal_width(self.stream) - 1])
            self.stream.flush()
            self._status = True

    def done(self) -> None:
        """Clear a progress line."""
        if self._status:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._status = False

    @contextmanager
    def waiting(self, what: str, after: float = 1.0) -> Iterator[None]:
        """While slow work runs, a terminal shows what it is waiting for and for how long (after `after` s)."""
        if not (self.live and self.verbosity == 0):
            yield
            return
        began, stop = time.monotonic(), threading.Event()

        def tick() -> None:
            while not stop.wait(0.5):
                if time.monotonic() - began >= after:
                    self.progress(f"{what}… {time.monotonic() - began:.0f} s")

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            stop.set()
            ticker.join()
            self.done()


def terminal_width(stream: TextIO = sys.stdout) -> int:
    """The terminal's width in columns (COLUMNS wins, as in every Unix tool)."""
    return shutil.get_terminal_size((100, 24)).columns if stream.isatty() else 100
