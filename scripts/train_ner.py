"""Train the Arabic NER model shipped in src/marsad/models/ner/ (python-crfsuite, L-BFGS CRF).

Usage::

    .venv/bin/python scripts/train_ner.py [--shared ../shared] [--out src/marsad/models/ner]
        [--write-dev /tmp/ner_dev.txt] [--aqmar] [--c1 0.05 --c2 0.01 --iterations 150]

Data: ANERcorp train (CAMeL Lab split, ``../shared/data/ner/anercorp/train.txt``). DEV is the
LAST 10% of its sentences (sentence index >= N - round(0.1 * N)); it is never trained on and is
the only split used for tuning. ``--write-dev PATH`` writes it (tags mapped PERS->PER) so that
``marsad eval ner PATH`` reproduces the dev scores. ``--aqmar`` adds the AQMAR Wikipedia articles
to training. ``--gazetteer`` (re)builds ``gazetteer.tsv`` from ../shared/data/gazetteers.

Resources read by the features (clusters.tsv from scripts/build_word_clusters.py, gazetteer.tsv,
cues.json) live in the model folder; when ``--out`` is another folder they are copied there.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from marsad.evaluation.ner import evaluate_ner_file, read_conll
from marsad.langdata.loader import load_langdata
from marsad.ner import MODEL_FILE, NerModel, default_model_path
from marsad.ner.data import ANERCORP_TRAIN, DEV_FRACTION, anercorp_train_dev
from marsad.ner.features import FEATURE_VERSION, FeatureExtractor, load_resources
from marsad.ner.inference import export_crfsuite

REPO = Path(__file__).resolve().parent.parent
RESOURCE_FILES = ("clusters.tsv", "gazetteer.tsv", "cues.json")


def split_anercorp(shared: Path, dev_fraction: float) -> tuple[list, list]:
    path = shared / ANERCORP_TRAIN
    if not path.is_file():
        raise SystemExit(f"ANERcorp not found at {path}")
    return anercorp_train_dev(shared, dev_fraction)


def read_aqmar(shared: Path) -> list:
    folder = shared / "data" / "ner" / "aqmar" / "articles"
    out: list = []
    for path in sorted(folder.glob("*.txt")):
        out += read_conll(path)
    return out


def write_conll(path: Path, data: list) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for words, tags in data:
            for w, t in zip(words, tags, strict=True):
                fh.write(f"{w} {t}\n")
            fh.write("\n")


def build_gazetteer(shared: Path, out: Path) -> int:
    """Place names with Arabic spelling: countries, first-level regions, world cities."""
    gaz = shared / "data" / "gazetteers"
    rows: dict[str, str] = {}

    def add(kind: str, name: str | None) -> None:
        name = (name or "").strip()
        if not name or not any("\u0600" <= ch <= "\u06ff" for ch in name):
            return
        if rows.get(name) != "country":
            rows[name] = kind

    for c in json.loads((gaz / "geonames-admin1-ar" / "countries.json").read_text(encoding="utf-8")):
        add("country", c.get("Name_AR"))
    for s in json.loads((gaz / "geonames-admin1-ar" / "states.json").read_text(encoding="utf-8")):
        add("place", s.get("Name_AR"))
    with (gaz / "world-cities-ar" / "world-cities.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            add("country", row.get("CountryNameAr"))
            add("place", row.get("CityNameAr"))
    # "ولاية قندهار" is also "قندهار": drop a leading place-type head noun (from cues.json).
    cues = json.loads((default_model_path() / "cues.json").read_text(encoding="utf-8"))
    heads = set(cues.get("loc", []))
    for name, kind in list(rows.items()):
        first, _, rest = name.partition(" ")
        if first in heads and rest:
            rows.setdefault(rest, kind)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# built by scripts/train_ner.py --gazetteer from ../shared/data/gazetteers "
                 "(GeoNames admin1 + countries, world-cities-ar; CC BY 4.0, data from GeoNames/Wikidata)\n")
        for name in sorted(rows):
            fh.write(f"{rows[name]}\t{name}\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument("--dev-fraction", type=float, default=DEV_FRACTION)
    ap.add_argument("--write-dev", type=Path, default=None)
    ap.add_argument("--aqmar", action="store_true", help="add AQMAR articles to the training data")
    ap.add_argument("--gazetteer", action="store_true", help="rebuild gazetteer.tsv from ../shared")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=1)
    ap.add_argument("--full", action="store_true",
                    help="train on ALL of ANERcorp train (dev included) after measuring: not used for the shipped card")
    args = ap.parse_args(argv)

    import pycrfsuite

    resources = default_model_path()
    if args.gazetteer:
        n = build_gazetteer(args.shared, resources / "gazetteer.tsv")
        print(f"gazetteer: {n} names", file=sys.stderr)
    train, dev = split_anercorp(args.shared, args.dev_fraction)
    if args.write_dev:
        write_conll(args.write_dev, dev)
        print(f"wrote dev ({len(dev)} sentences) to {args.write_dev}", file=sys.stderr)
    if args.full:
        train = train + dev
    extra = read_aqmar(args.shared) if args.aqmar else []
    args.out.mkdir(parents=True, exist_ok=True)
    if args.out.resolve() != resources.resolve():
        for name in RESOURCE_FILES:
            if (resources / name).is_file():
                shutil.copy(resources / name, args.out / name)

    lang = load_langdata("ar")
    fx = FeatureExtractor(lang, load_resources(args.out, lang))
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tokens = 0
    for words, tags in train + extra:
        trainer.append(fx.sentence(words), tags)
        n_tokens += len(words)
    trainer.set_params({
        "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
        "feature.possible_transitions": True, "feature.minfreq": args.minfreq,
    })
    t_feat = time.time() - t0
    crf_file = args.out / "model.crfsuite.tmp"
    trainer.train(str(crf_file))
    t_train = time.time() - t0
    weights = export_crfsuite(crf_file)
    model_file = args.out / MODEL_FILE
    weights.save(model_file)
    # The numpy decoder must reproduce crfsuite's own Viterbi.
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_file))
    check = NerModel(args.out, lang=lang)
    same = total = 0
    for words, _ in dev[:200]:
        a = tagger.tag(fx.sentence(words))
        b = check._decoder.tag(words)
        same += sum(x == y for x, y in zip(a, b, strict=True))
        total += len(words)
    tagger.close()
    crf_file.unlink()
    print(f"trained on {len(train) + len(extra)} sentences, {n_tokens} tokens: features {t_feat:.0f}s, "
          f"total {t_train:.0f}s; {len(weights.index)} attributes, {model_file.stat().st_size / 1e6:.2f} MB; "
          f"numpy decoder agrees with crfsuite on {same}/{total} dev tokens", file=sys.stderr)
    config = {
        "feature_version": FEATURE_VERSION,
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": "ANERcorp train (CAMeL split) minus its last "
                f"{args.dev_fraction:.0%} of sentences" + (" + AQMAR" if args.aqmar else "")
                + (" + dev (full)" if args.full else ""),
        "train_sentences": len(train) + len(extra), "train_tokens": n_tokens,
        "params": {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "minfreq": args.minfreq},
        "training_seconds": round(t_train),
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    if not args.full:
        dev_path = args.write_dev or (args.out / ".dev.tmp.txt")
        if not args.write_dev:
            write_conll(dev_path, dev)
        result = evaluate_ner_file(dev_path, NerModel(args.out, lang=lang))
        if not args.write_dev:
            dev_path.unlink()
        print(json.dumps({k: result[k] for k in ("overall", "per_type", "tokens_per_second")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
