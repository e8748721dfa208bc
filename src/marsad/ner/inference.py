"""Linear-chain CRF inference in numpy over weights exported from a crfsuite model.

The score of a tag sequence is the sum of the weights of (attribute, tag) pairs present plus
tag-to-tag transition weights, exactly as crfsuite's CRF1d; Viterbi finds the best sequence.
Because most attributes belong to one word (its own, or as a neighbour at a fixed offset), each
word's emission vectors are summed once and memoized, so tagging a sentence is a few vector
additions per token plus the Viterbi recursion.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .features import CONTEXT, FeatureExtractor, WordParts

__all__ = ["CrfWeights", "Decoder", "export_crfsuite", "viterbi", "viterbi_batch"]

WEIGHTS_FILE = "weights.npz"


class CrfWeights:
    def __init__(self, labels: list[str], attributes: list[str], state: np.ndarray, trans: np.ndarray) -> None:
        self.labels = labels
        self.index = {a: i for i, a in enumerate(attributes)}
        self.state = state  # (n_attributes, n_labels)
        self.trans = trans  # (n_labels, n_labels): from -> to

    @classmethod
    def load(cls, path: Path) -> CrfWeights:
        with np.load(path, allow_pickle=False) as z:
            labels = str(z["labels"]).split("\n")
            attributes = str(z["attributes"]).split("\n")
            state = z["state"].astype(np.float64)
            trans = z["trans"].astype(np.float64)
        return cls(labels, attributes, state, trans)

    def save(self, path: Path) -> None:
        attributes = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            path, labels=np.array("\n".join(self.labels)), attributes=np.array("\n".join(attributes)),
            state=self.state.astype(np.float32), trans=self.trans.astype(np.float32),
        )


def export_crfsuite(model_file: Path) -> CrfWeights:
    """Read a trained crfsuite model's labels, state and transition weights (training time)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_file))
    info = tagger.info()
    labels = sorted(info.labels, key=info.labels.__getitem__)
    lab = {name: i for i, name in enumerate(labels)}
    attrs: dict[str, int] = {}
    rows: list[tuple[int, int, float]] = []
    for (attr, label), weight in info.state_features.items():
        if weight != 0.0:
            rows.append((attrs.setdefault(attr, len(attrs)), lab[label], weight))
    state = np.zeros((len(attrs), len(labels)), dtype=np.float64)
    for i, j, w in rows:
        state[i, j] = w
    trans = np.zeros((len(labels), len(labels)), dtype=np.float64)
    for (a, b), weight in info.transitions.items():
        trans[lab[a], lab[b]] = weight
    tagger.close()
    return CrfWeights(labels, sorted(attrs, key=attrs.__getitem__), state, trans)


def viterbi(emissions: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best label sequence of one sentence: ``emissions`` (n, L), ``trans`` (L, L) from -> to."""
    return viterbi_batch([emissions], trans)[0]


def viterbi_batch(batch: Sequence[np.ndarray], trans: np.ndarray, *, group: int = 64) -> list[list[int]]:
    """Viterbi over many sentences at once: sentences of similar length are padded and stepped
    together (padding positions get zero emissions and cannot change a finished path's end)."""
    n_labels = trans.shape[0]
    out: list[list[int]] = [[] for _ in batch]
    order = sorted(range(len(batch)), key=lambda i: batch[i].shape[0])
    for g in range(0, len(order), group):
        ids = [i for i in order[g:g + group] if batch[i].shape[0]]
        if not ids:
            continue
        lengths = np.array([batch[i].shape[0] for i in ids])
        width = int(lengths.max())
        em = np.zeros((len(ids), width, n_labels))
        for r, i in enumerate(ids):
            em[r, : lengths[r]] = batch[i]
        back = np.zeros((len(ids), width, n_labels), dtype=np.intp)
        score = em[:, 0].copy()
        final = score.copy()
        for t in range(1, width):
            cand = score[:, :, None] + trans[None]  # (B, from, to)
            best = cand.argmax(axis=1)
            back[:, t] = best
            score = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + em[:, t]
            done = lengths == t + 1
            if done.any():
                final[done] = score[done]
        for r, i in enumerate(ids):
            n = int(lengths[r])
            if n == 1:
                final[r] = em[r, 0]
            path = [int(final[r].argmax())]
            row = back[r]
            for t in range(n - 1, 0, -1):
                path.append(int(row[t, path[-1]]))
            path.reverse()
            out[i] = path
    return out


class Decoder:
    """Tags sentences with :class:`CrfWeights` and a :class:`FeatureExtractor`.

    Word vectors are memoized in a dict bounded by ``cache_size`` (cleared when full)."""

    def __init__(self, weights: CrfWeights, features: FeatureExtractor, *, cache_size: int = 200_000) -> None:
        self.w = weights
        self.fx = features
        self.cache_size = cache_size
        n_attr, n_labels = weights.state.shape
        # One extra zero row so that every group of a word's attributes is non-empty (reduceat).
        self._state = np.vstack([weights.state, np.zeros((1, n_labels))])
        self._pad = n_attr
        # Neighbour attributes "<off>:<attr>" grouped by <attr>: one row of len(CONTEXT) weight
        # vectors, so a word's neighbour part costs one lookup per attribute.
        slot = {str(off): c for c, off in enumerate(CONTEXT)}
        ctx_index: dict[str, int] = {}
        rows: list[tuple[int, int, int]] = []
        for attr, i in weights.index.items():
            head, sep, rest = attr.partition(":")
            if sep and head in slot:
                rows.append((ctx_index.setdefault(rest, len(ctx_index)), slot[head], i))
        ctx = np.zeros((len(ctx_index) + 1, len(CONTEXT), n_labels))
        for r, c, i in rows:
            ctx[r, c] = weights.state[i]
        self._ctx = ctx
        self._ctx_index = ctx_index
        self._ctx_pad = len(ctx_index)
        self._cache: dict[str, tuple[WordParts, np.ndarray]] = {}
        zero = np.zeros(n_labels)
        self._bos = self._row("BOS", zero)
        self._eos = self._row("EOS", zero)

    def _row(self, attr: str, default: np.ndarray) -> np.ndarray:
        i = self.w.index.get(attr)
        return default if i is None else self.w.state[i]

    def _add_words(self, words: Sequence[str]) -> None:
        """Compute and memoize the (1 + len(CONTEXT), L) vectors of unseen words, in one batch."""
        cache = self._cache
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if not new:
            return
        if len(cache) + len(new) > self.cache_size:
            # Clearing drops words of this batch that were cached before: compute them all again.
            cache.clear()
            new = list(dict.fromkeys(words))
        pad, ctx_pad = self._pad, self._ctx_pad
        index_get = self.w.index.get
        ctx_get = self._ctx_index.get
        ids: list[int] = []
        starts: list[int] = []
        cids: list[int] = []
        cstarts: list[int] = []
        parts_list = []
        for word in new:
            parts = self.fx.word_parts(word)
            parts_list.append(parts)
            starts.append(len(ids))
            ids.append(pad)
            ids += [i for i in map(index_get, parts[2]) if i is not None]
            cstarts.append(len(cids))
            cids.append(ctx_pad)
            cids += [i for i in map(ctx_get, parts[3]) if i is not None]
        own = np.add.reduceat(self._state[ids], starts, axis=0)  # (n, L)
        near = np.add.reduceat(self._ctx[cids], cstarts, axis=0)  # (n, len(CONTEXT), L)
        sums = np.concatenate([own[:, None], near], axis=1)
        for k, word in enumerate(new):
            cache[word] = (parts_list[k], sums[k])

    def emissions_many(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        flat = [w for words in sentences for w in words]
        if not flat:
            return [np.zeros((0, len(self.w.labels))) for _ in sentences]
        self._add_words(flat)
        cache = self._cache
        entries = [cache[w] for w in flat]
        vecs = np.stack([e[1] for e in entries])  # (N, 1 + len(CONTEXT), L)
        lengths = [len(words) for words in sentences]
        sent = np.repeat(np.arange(len(sentences)), lengths)
        em = vecs[:, 0].copy()
        for c, off in enumerate(CONTEXT, 1):
            if off < 0:
                same = sent[-off:] == sent[:off]
                em[-off:] += vecs[:off, c] * same[:, None]
            else:
                same = sent[:-off] == sent[off:]
                em[:-off] += vecs[off:, c] * same[:, None]
        index_get = self.w.index.get
        state = self.w.state
        fx = self.fx
        out: list[np.ndarray] = []
        pos = 0
        for n in lengths:
            if n == 0:
                out.append(em[pos:pos])
                continue
            block = em[pos:pos + n]
            info = [e[0] for e in entries[pos:pos + n]]
            block[0] += self._bos
            block[n - 1] += self._eos
            norms = [p[0] for p in info]
            for k in range(1, n):
                pair = norms[k - 1] + "|" + norms[k]
                i = index_get("bg-=" + pair)
                if i is not None:
                    block[k] += state[i]
                i = index_get("bg+=" + pair)
                if i is not None:
                    block[k - 1] += state[i]
            for k, attr in fx.phrase_attributes(info):
                i = index_get(attr)
                if i is not None:
                    block[k] += state[i]
            out.append(block)
            pos += n
        return out

    def emissions(self, words: Sequence[str]) -> np.ndarray:
        return self.emissions_many([words])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        labels = self.w.labels
        paths = viterbi_batch(self.emissions_many(sentences), self.w.trans)
        return [[labels[i] for i in path] for path in paths]

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_many([words])[0] if words else []
