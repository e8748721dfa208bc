"""Progress of a long ingest: a rich bar (articles/s, ETA) on a terminal, plain log lines
every few seconds otherwise (a pipe, a log file, CI).

The total is not known before the input has been read (the reader streams); it is estimated
from the bytes of the input files: articles per byte of the files finished so far times the
bytes of all of them. Until a first file is finished there is no ETA.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

__all__ = ["IngestProgress", "estimate_total"]


def estimate_total(report: Any) -> int | None:
    """Articles expected in all, from the records read in the files finished so far (None until
    one is)."""
    if not report.total_bytes or not report.bytes_done or not report.read_done:
        return None
    if report.bytes_done >= report.total_bytes:
        return report.read
    return max(report.read, round(report.read_done * report.total_bytes / report.bytes_done))


def _fmt_eta(seconds: float | None) -> str:
    if seconds is None:
        return "ETA unknown"
    seconds = int(seconds)
    return f"ETA {seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class IngestProgress:
    """Call with the ingest report after every record (``progress=`` of ``ingest_paths``);
    ``close()`` at the end. ``tty`` None: decide from ``stream.isatty()``."""

    def __init__(self, *, stream: IO[str] | None = None, every: float = 10.0, tty: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.clock = clock
        self.tty = self.stream.isatty() if tty is None else tty
        self.started = clock()
        self.last_line: float | None = None
        self.lines = 0
        self._bar: Any = None
        self._task: Any = None
        self._last: Any = None

    # -- shared -----------------------------------------------------------------------------
    def rate(self, report: Any) -> float:
        elapsed = max(self.clock() - self.started, 1e-9)
        return report.records / elapsed

    def eta(self, report: Any) -> float | None:
        total = estimate_total(report)
        rate = self.rate(report)
        if total is None or rate <= 0:
            return None
        return max(total - report.records, 0) / rate

    def line(self, report: Any) -> str:
        total = estimate_total(report)
        of = f" of ~{total}" if total else ""
        return (f"marsad ingest: {report.records}{of} articles, {report.added} stored, {report.skipped} skipped, "
                f"{len(report.failed)} failed; {self.rate(report):.1f} articles/s, {_fmt_eta(self.eta(report))}")

    def __call__(self, report: Any) -> None:
        self._last = report
        if self.tty:
            self._update_bar(report)
            return
        now = self.clock()
        if self.last_line is None or now - self.last_line >= self.every:
            self.last_line = now
            self._write(self.line(report))
            self._last = None  # shown

    def _write(self, text: str) -> None:
        self.lines += 1
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self._last is not None and not self.tty:
            self._write(self.line(self._last))
            self._last = None

    def __enter__(self) -> IngestProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- terminal ---------------------------------------------------------------------------
    def _update_bar(self, report: Any) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        if self._bar is None:  # started on the first update: after the worker pool is up
            self._bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]} articles/s  {task.fields[eta]}  "
                                            "{task.fields[stored]} stored, {task.fields[failed]} failed"),
                                 console=Console(file=self.stream), transient=False, refresh_per_second=4)
            self._bar.start()
            self._task = self._bar.add_task("ingest", total=None, rate="0.0", eta="", stored=0, failed=0)
        self._bar.update(self._task, completed=report.records, total=estimate_total(report),
                         rate=f"{self.rate(report):.1f}", eta=_fmt_eta(self.eta(report)),
                         stored=report.added, failed=len(report.failed))
