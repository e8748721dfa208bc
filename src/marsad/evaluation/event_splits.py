"""Cross-validation of the event model over several fold splits, and the figures the gate reads.

One grouped K-fold split of the dev gold leaves the figures at the mercy of where a few dozen
protest sentences fall: three splits of the same data gave PROTEST F1 0.568, 0.526 and 0.506
(session 15), a spread larger than most changes worth measuring. ``cross_validate_splits`` runs
``cross_validate`` once per seed (each seed deals the same groups to other folds) and reports
every split beside their mean; the quality gate's CV floors are read off the mean.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from ..langdata.loader import LangData
from .event_training import Example, GoldSentence, cross_validate

__all__ = ["cross_validate_splits", "split_figures", "pooled_reliability"]

GATE_SEEDS = (0, 1, 2)


def split_figures(cv: dict[str, Any]) -> dict[str, float | None]:
    """The figures of one ``cross_validate`` result that the gate pins, flat."""
    model, ann = cv["model"], cv.get("annotations") or {}
    out: dict[str, float | None] = {}
    for kind in ("full", "clear"):
        for t in ("PROTEST", "ASSAULT"):
            out[f"{t.lower()}_{kind}_f1"] = model.get(kind, {}).get(t, {}).get("f1")
    base = cv.get("baseline_tfidf") or {}
    for t in ("PROTEST", "ASSAULT"):
        b = base.get(t, {}).get("full", {}).get("f1")
        out[f"{t.lower()}_baseline_f1"] = b
        f = out[f"{t.lower()}_full_f1"]
        out[f"{t.lower()}_margin"] = None if b is None or f is None else round(f - b, 4)
    out["annotations_precision_kept"] = ann.get("precision_kept")
    out["annotations_recall_kept"] = ann.get("recall_kept")
    return out


def pooled_reliability(tables: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The reliability tables of several splits as one: per bin, the candidates of every split
    (each candidate is scored once per split, by a model that never saw it)."""
    out = []
    for rows in zip(*tables, strict=True):
        n = sum(r["n"] for r in rows)
        if n:
            conf = sum(r["mean_confidence"] * r["n"] for r in rows if r["n"]) / n
            real = sum(r["real"] * r["n"] for r in rows if r["n"]) / n
        out.append({"bin": rows[0]["bin"], "n": n,
                    "mean_confidence": round(conf, 4) if n else None, "real": round(real, 4) if n else None})
    return out


def _mean(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if len(kept) == len(values) and kept else None


def _one_split(examples: Sequence[Example], sentences: Sequence[GoldSentence], clusters: dict[str, str],
               lang: LangData, k: int, seed: int, baseline: bool) -> dict[str, Any]:
    cv = cross_validate(examples, sentences, clusters, lang=lang, k=k, seed=seed, baseline=baseline)
    cv["seed"] = seed
    return cv


def _split_in_child(conn: Any, run: Callable[[int], dict[str, Any]], seed: int) -> None:
    try:
        conn.send(("ok", run(seed)))
    except Exception as exc:  # the parent raises it: a child's failure is not a lost split
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _forked_splits(run: Callable[[int], dict[str, Any]], seeds: Sequence[int], jobs: int) -> list[dict[str, Any]]:
    # fork, and ``run`` handed to the child as it is: the language data does not pickle, and the
    # children share the examples already built; only the results travel back
    ctx = multiprocessing.get_context("fork")
    out: list[dict[str, Any]] = []
    for start in range(0, len(seeds), jobs):
        running = []
        for seed in seeds[start:start + jobs]:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_split_in_child, args=(child, run, seed))
            proc.start()
            child.close()
            running.append((proc, parent))
        for proc, parent in running:
            try:
                status, value = parent.recv()
            except EOFError:  # the child died before it could say (killed, out of memory)
                status, value = "error", f"the process of a split ended with exit code {proc.exitcode}"
            proc.join()
            if status != "ok":
                raise RuntimeError(f"a cross-validation split failed: {value}")
            out.append(value)
    return out


def cross_validate_splits(examples: Sequence[Example], sentences: Sequence[GoldSentence], clusters: dict[str, str],
                          *, lang: LangData, k: int = 5, seeds: Sequence[int] = GATE_SEEDS, baseline: bool = True,
                          jobs: int = 1) -> dict[str, Any]:
    """``cross_validate`` once per seed; ``splits`` holds each result (in the order of ``seeds``),
    ``figures`` each split's gate figures, ``mean`` their mean and ``calibration`` the pooled
    reliability table. ``jobs`` > 1 runs splits in that many forked processes (same results)."""
    if not seeds:
        raise ValueError("cross_validate_splits needs at least one seed")

    def run(seed: int) -> dict[str, Any]:
        return _one_split(examples, sentences, clusters, lang, k, seed, baseline)

    splits = _forked_splits(run, list(seeds), jobs) if jobs > 1 and len(seeds) > 1 else [run(s) for s in seeds]
    figures = [split_figures(cv) for cv in splits]
    mean = {key: _mean([f[key] for f in figures]) for key in figures[0]}
    return {"folds": k, "seeds": list(seeds), "mean": mean, "figures": figures,
            "calibration": pooled_reliability([cv["calibration"] for cv in splits]), "splits": splits}
