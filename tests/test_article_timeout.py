"""The ingest's per-article time limit (``Settings.article_timeout``, ``--article-timeout``): an
article that codes too long is a failure of its own and the batch goes on, in this process
and in the worker processes. A tiny limit and an injected slow article: no real waiting
beyond a fraction of a second."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import root
from marsad.io.readers import Origin, RecordResult
from marsad.io.text import Article
from marsad.scale import ArticleTimeout, time_limit
from marsad.settings import Settings
from marsad.store import open_store
from marsad.store.ingest import ingest_records

from .store_fixtures import fault_coder

SLOW_SLEEP, SLOW_LOOP = "مقال بطيء نائم", "مقال بطيء يدور"
LIMIT = 0.3


def slow_coder(text, **kwargs):
    """``fault_coder``, except for the marked articles: one sleeps, one spins in Python, each
    far longer than the limit (both are cut short by it)."""
    if SLOW_SLEEP in text:
        time.sleep(60)
    if SLOW_LOOP in text:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            pass
    return fault_coder(text, **kwargs)


def _records() -> list[RecordResult]:
    texts = [f"موسكو ({k + 1} يوليو 2021) - قال الوزير {k} إن المحادثات انتهت.\nوأضاف أن الوفد {k} عاد."
             for k in range(6)]
    texts.insert(2, SLOW_SLEEP + ".\n" + texts[0].replace("الوزير 0", "الوزير النائم"))
    texts.insert(5, SLOW_LOOP + ".\n" + texts[1].replace("الوزير 1", "الوزير الدائر"))
    return [RecordResult(Origin(path=f"in/{i}.txt"), Article(text, {})) for i, text in enumerate(texts)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_slow_article_fails_alone_and_the_batch_goes_on(tmp_path: Path, workers: int) -> None:
    began = time.monotonic()
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_records(_records(), store=store, coder=slow_coder, workers=workers, chunk_size=2,
                                batch_size=3, settings=Settings(article_timeout=LIMIT))
        stored = store.stats()["documents"]
    assert time.monotonic() - began < 20  # the 60 s articles were stopped
    failed = dict(report.failed)
    assert sorted(failed) == ["in/2.txt", "in/5.txt"]
    for message in failed.values():
        assert f"longer than {LIMIT:g} s (--article-timeout)" in message and "not stored" in message
    assert report.coded == report.added == stored == 6 and report.records == 8
    # nothing of the limit is left behind in this process
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_no_limit_at_zero_and_fast_articles_are_untouched(tmp_path: Path) -> None:
    fast = [r for r in _records() if SLOW_SLEEP not in r.article.text and SLOW_LOOP not in r.article.text]
    with open_store(str(tmp_path / "z.db")) as store:
        report = ingest_records(fast, store=store, coder=slow_coder, settings=Settings(article_timeout=0))
    assert not report.failed and report.added == 6


def test_time_limit_raises_restores_and_ignores_other_threads() -> None:
    def mine(signum, frame):  # noqa: ANN001, ANN202
        return None

    before = signal.signal(signal.SIGALRM, mine)
    try:
        with pytest.raises(ArticleTimeout), time_limit(0.05):
            time.sleep(5)
        assert signal.getsignal(signal.SIGALRM) is mine  # the previous handler is back
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        with time_limit(5):
            pass  # a block that ends in time: nothing raised, nothing left armed
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        seen: list[str] = []

        def elsewhere() -> None:
            with time_limit(0.01):  # no SIGALRM off the main thread: no limit, no error
                time.sleep(0.05)
            seen.append("done")

        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        assert seen == ["done"]
        signal.setitimer(signal.ITIMER_REAL, 30)  # the caller's own timer: left alone
        with time_limit(0.01):
            time.sleep(0.05)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30
        signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def test_cli_option_reaches_the_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marsad.store as store_module
    from marsad.store import IngestReport

    seen: dict = {}

    def fake(paths, **kwargs):  # noqa: ANN001, ANN202
        seen.update(kwargs)
        return IngestReport()

    monkeypatch.setattr(store_module, "ingest_paths", fake)
    (tmp_path / "a.txt").write_text("نص.", encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db"), "-q"]
    assert CliRunner().invoke(root, [*args, "--article-timeout", "2.5"]).exit_code == 0
    assert seen["settings"].article_timeout == 2.5
    assert CliRunner().invoke(root, args).exit_code == 0
    assert seen["settings"].article_timeout == Settings().article_timeout == 60
    bad = CliRunner().invoke(root, [*args, "--article-timeout", "-1"])
    assert bad.exit_code == 2 and "--article-timeout" in bad.output
