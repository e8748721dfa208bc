"""``marsad eval events FILE...``: detection P/R/F1 per PLOVER type and actor-country accuracy,
and with ``--cv K`` the cross-validated event model beside the TF-IDF baseline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..evaluation.corpus import default_corpus_dir

__all__ = ["register"]


@click.command("events")
@click.argument("files", nargs=-1, required=True)
@click.option("--min-confidence", type=float, default=None,
              help="count events at or above this confidence (default: the model's threshold)")
@click.option("--cv", "folds", type=int, default=0,
              help="also retrain the event model in K grouped folds and score each held-out fold (needs scikit-learn)")
@click.option("--cv-seed", "seeds", type=int, multiple=True,
              help="the seed that deals the groups to folds (default 0): other seeds give other splits of the "
                   "same data; repeat it to cross-validate each split and report their mean, as the gate does")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="cross-validate that many splits at once (one process each)")
@click.option("--annotations", type=click.Path(dir_okay=False), default=None,
              help="hand-labelled candidates (URL + offsets) to train and score with --cv")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="SaudiNewsNet raw zips the annotations point into (default ../shared/...)")
def eval_events_command(files: tuple[str, ...], min_confidence: float | None, folds: int, seeds: tuple[int, ...],
                        jobs: int, annotations: str | None, corpus: str | None) -> None:
    """Measure the event coder on gold JSONL files (detection and span records); print JSON."""
    from ..evaluation.events import evaluate_files, read_records

    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    if folds == 1 or folds < 0:
        raise InputError(f"--cv needs at least 2 folds, not {folds}")
    seeds = seeds or (0,)
    if min(seeds) < 0:
        raise InputError(f"--cv-seed must be 0 or more, not {min(seeds)}")
    if len(set(seeds)) < len(seeds):
        raise InputError("--cv-seed names a split twice: each seed once")
    result = evaluate_files(files, min_confidence=min_confidence)
    if folds:
        from ..evaluation.event_splits import cross_validate_splits
        from ..evaluation.event_training import cross_validate, read_clusters, training_set
        from ..langdata.loader import load_langdata
        from ..stages.events.model import default_model_path

        lang = load_langdata("ar")
        records = [r for path in files for r in read_records(path)]
        raw = Path(corpus) if corpus else default_corpus_dir()
        sentences, examples, unmatched = training_set(records, lang=lang, annotations=annotations, raw_dir=raw)
        config = json.loads((default_model_path() / "config.json").read_text(encoding="utf-8"))
        spec = config["clusters"]
        clusters, _ = read_clusters(default_model_path().parent / spec["path"], int(spec["level"]))
        if len(seeds) == 1:
            result["cv"] = cross_validate(examples, sentences, clusters, lang=lang, k=folds, seed=seeds[0])
            result["cv"]["seed"] = seeds[0]
        else:
            result["cv"] = cross_validate_splits(examples, sentences, clusters, lang=lang, k=folds, seeds=seeds,
                                                 jobs=jobs)
        result["cv"]["annotations_without_candidate"] = unmatched
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def register(root: click.Group) -> None:
    group = root.commands.get("eval")
    if isinstance(group, click.Group):
        group.add_command(eval_events_command)
