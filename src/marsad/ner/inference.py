"""Linear-chain CRF inference in numpy over weights exported from a crfsuite model.

The score of a tag sequence is the sum of the weights of (attribute, tag) pairs present plus
tag-to-tag transition weights, exactly as crfsuite's CRF1d; Viterbi finds the best sequence.
Because most attributes belong to one word (its own, or as a neighbour at a fixed offset), each
word's emission vectors are summed once and memoized, so tagging a sentence is a few vector
additions per token plus the Viterbi recursion.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from .features import CONTEXT, FeatureExtractor

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
    together (padding positions get zero emissions and cannot change a finished path's end);
    the backtracking runs per sentence over Python lists (2.4x faster than stepping numpy arrays).

    Each row's arithmetic is the same whatever else is in its group (the best predecessor is
    ``argmax``, its score the ``max`` of the same candidates), so a sentence gets the same path
    alone or batched."""
    n_labels = trans.shape[0]
    out: list[list[int]] = [[] for _ in batch]
    order = sorted(range(len(batch)), key=lambda i: batch[i].shape[0])
    trans_to = np.ascontiguousarray(trans.T)[None]  # (1, to, from)
    add = np.add
    for g in range(0, len(order), group):
        ids = [i for i in order[g:g + group] if batch[i].shape[0]]
        if not ids:
            continue
        lengths = [batch[i].shape[0] for i in ids]
        width = lengths[-1]  # ids are sorted by length
        rows = len(ids)
        em = np.zeros((width, rows, n_labels))
        for r, i in enumerate(ids):
            em[: lengths[r], r] = batch[i]
        back = np.zeros((width, rows * n_labels), dtype=np.intp)  # (t, B * to) -> from
        scores = np.empty((width, rows, n_labels))
        scores[0] = em[0]
        cand = np.empty((rows, n_labels, n_labels))  # (B, to, from)
        flat = cand.reshape(rows * n_labels, n_labels)
        every = np.arange(rows * n_labels)
        for t in range(1, width):
            add(scores[t - 1][:, None, :], trans_to, out=cand)
            flat.argmax(axis=1, out=back[t])
            add(flat[every, back[t]].reshape(rows, n_labels), em[t], out=scores[t])
        last = np.array(lengths) - 1
        ends = scores[last, np.arange(rows)].argmax(axis=1).tolist()
        back_list = back.tolist()  # (t, B * to)
        for r, i in enumerate(ids):
            n = lengths[r]
            label = ends[r]
            path = [0] * n
            path[n - 1] = label
            base = r * n_labels
            for t in range(n - 1, 0, -1):
                label = back_list[t][base + label]
                path[t - 1] = label
            out[i] = path
    return out


class Decoder:
    """Tags sentences with :class:`CrfWeights` and a :class:`FeatureExtractor`.

    Word vectors are memoized (rows of one array, found through a dict bounded by
    ``cache_size``, cleared when full)."""

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
        # word -> (its normalized form, its forms, its row in ``_vectors``, whether a form may start
        # a phrase): only strings and numbers, so the garbage collector can skip the entries.
        self._cache: dict[str, tuple[str, tuple[str, ...], int, bool]] = {}
        self._vectors = np.zeros((1024, 1 + len(CONTEXT), n_labels))
        self._used = 0  # rows of ``_vectors`` in use
        # Tagging may run in several threads (the web API): rows are handed out under a lock.
        self._lock = threading.Lock()
        # Word bigrams "bg-=a|b" / "bg+=a|b" by "a|b", and every "a" they start with (a word
        # that starts none, and has no "|" itself, is in no bigram: skipped).
        self._bigram_before = {a[4:]: i for a, i in weights.index.items() if a.startswith("bg-=")}
        self._bigram_after = {a[4:]: i for a, i in weights.index.items() if a.startswith("bg+=")}
        self._bigram_heads = frozenset(
            pair.split("|", 1)[0] for pair in [*self._bigram_before, *self._bigram_after]
        )
        zero = np.zeros(n_labels)
        self._bos = self._row("BOS", zero)
        self._eos = self._row("EOS", zero)

    def _row(self, attr: str, default: np.ndarray) -> np.ndarray:
        i = self.w.index.get(attr)
        return default if i is None else self.w.state[i]

    def _add_words(self, words: Sequence[str]) -> None:
        """Compute and memoize the (1 + len(CONTEXT), L) vectors of unseen words, in one batch
        (with ``_lock`` held)."""
        cache = self._cache
        new = [w for w in dict.fromkeys(words) if w not in cache]
        if not new:
            return
        if len(cache) + len(new) > self.cache_size:
            # Clearing drops words of this batch that were cached before: compute them all again.
            cache.clear()
            self._used = 0
            new = list(dict.fromkeys(words))
        # Each word's attributes, after a head (None) that starts its group; an attribute the
        # model lacks maps, like the head, to the zero row: adding 0.0 leaves every partial
        # sum as it was, so the sums are those of the attributes present.
        attrs: list[str | None] = []
        starts: list[int] = []
        near_attrs: list[str | None] = []
        near_starts: list[int] = []
        parts_list = []
        for word in new:
            parts = self.fx.compute_word_parts(word)
            parts_list.append(parts)
            starts.append(len(attrs))
            attrs.append(None)
            attrs += parts[2]
            near_starts.append(len(near_attrs))
            near_attrs.append(None)
            near_attrs += parts[3]
        ids = list(map(self.w.index.get, attrs, repeat(self._pad)))
        cids = list(map(self._ctx_index.get, near_attrs, repeat(self._ctx_pad)))
        own = np.add.reduceat(self._state[ids], starts, axis=0)  # (n, L)
        near = np.add.reduceat(self._ctx[cids], near_starts, axis=0)  # (n, len(CONTEXT), L)
        first = self._used
        self._used += len(new)
        if self._used > len(self._vectors):
            grown = np.zeros((max(2 * len(self._vectors), self._used), *self._vectors.shape[1:]))
            grown[:first] = self._vectors[:first]
            self._vectors = grown
        self._vectors[first:self._used, 0] = own
        self._vectors[first:self._used, 1:] = near
        phrase_first = self.fx.phrase_first
        for k, word in enumerate(new):
            norm, forms = parts_list[k][0], parts_list[k][1]
            cache[word] = (norm, forms, first + k, not phrase_first.isdisjoint(forms))

    def emissions_many(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        flat = [w for words in sentences for w in words]
        if not flat:
            return [np.zeros((0, len(self.w.labels))) for _ in sentences]
        with self._lock:
            self._add_words(flat)
            cache = self._cache
            entries = [cache[w] for w in flat]
            vecs = self._vectors[[e[2] for e in entries]]  # (N, 1 + len(CONTEXT), L): a copy
        may_start = [k for k, e in enumerate(entries) if e[3]]  # positions a phrase may start at
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
        before_get, after_get, heads = self._bigram_before.get, self._bigram_after.get, self._bigram_heads
        state = self.w.state
        fx = self.fx
        out: list[np.ndarray] = []
        pos = 0
        for n in lengths:
            if n == 0:
                out.append(em[pos:pos])
                continue
            block = em[pos:pos + n]
            info = entries[pos:pos + n]  # (word, forms, ...) as phrase_attributes reads them
            block[0] += self._bos
            block[n - 1] += self._eos
            norms = [e[0] for e in info]
            for k in range(1, n):
                left = norms[k - 1]
                if left not in heads and "|" not in left:
                    continue  # no bigram starts with this word
                pair = left + "|" + norms[k]
                i = before_get(pair)
                if i is not None:
                    block[k] += state[i]
                i = after_get(pair)
                if i is not None:
                    block[k - 1] += state[i]
            # A phrase needs a first word before the sentence's last word.
            j, j_end = bisect_left(may_start, pos), bisect_left(may_start, pos + n - 1)
            if j < j_end:
                for k, attr in fx.phrase_attributes(info, [k - pos for k in may_start[j:j_end]]):
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
