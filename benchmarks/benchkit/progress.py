"""A one-line progress report on stderr (rewritten in place on a terminal)."""

import sys
import time


class Progress:
    """Counts done steps out of a total and shows the current step with elapsed time."""

    def __init__(self, total: int, enabled: bool = True):
        self.total = max(total, 1)
        self.done = 0
        self.enabled = enabled
        self.t0 = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def step(self, what: str) -> None:
        """Record the start of one step; print at most every 2 s when not on a terminal."""
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        line = f"[{self.done}/{self.total} {now - self.t0:5.0f}s] {what}"
        if self.tty:
            sys.stderr.write("\r\033[K" + line[:150])
            sys.stderr.flush()
        elif now - self.last >= 2.0 or self.done == self.total:
            self.last = now
            print(line, file=sys.stderr, flush=True)

    def clear(self) -> None:
        """Erase the status line (terminal only) before normal output."""
        if self.enabled and self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
