"""Build the unsupervised word clusters the NER model uses, from raw SaudiNewsNet articles.

Usage::

    .venv/bin/python scripts/build_word_clusters.py [--shared ../shared] [--out src/marsad/models/ner/clusters.tsv]

Steps: every article's ``content`` (and title) is folded with the pipeline's normalization table
(``marsad.stages.normalize``) and tokenized with ``marsad.stages.segment.tokenize_view``; word2vec
(gensim, skip-gram, 100 dimensions, 3 epochs) is trained on the token stream, and the vectors of the words
seen at least ``--min-count`` times are grouped with spherical k-means (numpy) at several granularities
(default 64, 256, 1024 clusters). The output is one line per word: ``word<TAB>c64<TAB>c256<TAB>c1024``.

Training-time dependency only: gensim (word2vec); the shipped file is plain text.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from marsad.langdata.loader import load_langdata
from marsad.stages.normalize import folding_table
from marsad.stages.segment import tokenize_view

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "marsad" / "models" / "ner" / "clusters.tsv"


def iter_texts(shared: Path) -> Iterator[str]:
    files = sorted(glob.glob(str(shared / "data" / "corpora" / "saudinewsnet" / "raw" / "*.zip")))
    if not files:
        raise SystemExit(f"no SaudiNewsNet zips under {shared}/data/corpora/saudinewsnet/raw")
    for path in files:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                for article in json.loads(zf.read(name)):
                    for key in ("title", "content"):
                        value = article.get(key)
                        if value:
                            yield value


def corpus_sentences(shared: Path) -> list[list[str]]:
    """Token lists (one per line of each article), folded as the pipeline's normalized view.

    The folding is applied with ``str.translate`` over the same table ``normalize`` uses
    (white-space collapsing does not matter for token lists)."""
    lang = load_langdata("ar")
    folding = folding_table(lang)
    table = {ord(k): v for k, v in folding.table.items()}
    sentences: list[list[str]] = []
    for text in iter_texts(shared):
        view = text.translate(table)
        if folding.casefold:
            view = view.lower()
        for line in view.split("\n"):
            toks = [t for _, _, t in tokenize_view(line)]
            if len(toks) >= 3:
                sentences.append(toks)
    return sentences


def kmeans(vectors: np.ndarray, k: int, seed: int, iterations: int = 15) -> np.ndarray:
    """Spherical k-means (cosine) on unit vectors: seeded random initial centres, assignment by
    one matrix product per iteration; an emptied cluster is re-seeded with a random word."""
    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    labels = np.zeros(len(vectors), dtype=np.intp)
    for _ in range(iterations):
        labels = (vectors @ centres.T).argmax(axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        sums[empty] = vectors[rng.choice(len(vectors), size=int(empty.sum()), replace=False)]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--vectors", type=Path, default=None,
                    help="save (or, if present, reuse) the word2vec vectors at this path")
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    from gensim.models import KeyedVectors, Word2Vec

    t0 = time.time()
    if args.vectors and args.vectors.is_file():
        wv = KeyedVectors.load(str(args.vectors))
        ntok = sum(int(wv.get_vecattr(w, "count")) for w in wv.index_to_key)
    else:
        sentences = corpus_sentences(args.shared)
        ntok = sum(len(s) for s in sentences)
        print(f"corpus: {len(sentences)} lines, {ntok} tokens ({time.time() - t0:.0f}s)", file=sys.stderr)
        model = Word2Vec(
            sentences, vector_size=args.dim, window=5, min_count=args.min_count, sg=1, negative=5,
            workers=args.workers, epochs=args.epochs, seed=args.seed,
        )
        wv = model.wv
        if args.vectors:
            wv.save(str(args.vectors))
    print(f"word2vec: {len(wv)} words ({time.time() - t0:.0f}s)", file=sys.stderr)
    words = [w for w in wv.index_to_key if w[:1].isalpha()]
    vectors = np.stack([wv[w] for w in words]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    ks = [int(k) for k in args.ks.split(",")]
    labels = [kmeans(vectors, k, args.seed + i) for i, k in enumerate(ks)]
    print(f"k-means {ks} ({time.time() - t0:.0f}s)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# word2vec(sg, dim={args.dim}, min_count={args.min_count}, epochs={args.epochs}) on "
                 f"SaudiNewsNet raw ({ntok} tokens) -> k-means k={','.join(map(str, ks))}; "
                 "generated by scripts/build_word_clusters.py\n")
        for i, w in enumerate(words):
            fh.write(w + "\t" + "\t".join(str(int(lab[i])) for lab in labels) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
