"""Token features for the NER tagger, shared by training (scripts/train_ner.py) and inference.

Every word is folded with the pipeline's normalization (``normalize_string``) and split into its
clitic-stripped forms (``token_forms``), so features seen in training match those at run time.
Per word: the normalized surface and its stems, affixes, shape, unsupervised word clusters
(word2vec + k-means on SaudiNewsNet, see scripts/build_word_clusters.py), gazetteer membership
and cue-word classes (titles, organisation/place head nouns, nationality adjectives). Per
position: the same for up to two neighbours on each side, plus multi-word gazetteer matches.

The word-level part is pure and memoized per word by :class:`FeatureExtractor`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..langdata.loader import LangData
from ..stages.normalize import folding_table, normalize, normalize_string
from ..stages.segment import token_forms

__all__ = ["Resources", "FeatureExtractor", "FastNormalizer", "load_resources", "FEATURE_VERSION", "CONTEXT"]

FEATURE_VERSION = 4
_MAX_PHRASE = 4
CONTEXT = (-2, -1, 1, 2)
_DIGIT_LETTER = re.compile(r"\d[^\W\d_]|[^\W\d_]\d")


@dataclass(frozen=True)
class Resources:
    """What the features look words up in (all keys normalized)."""

    clusters: dict[str, tuple[str, ...]]  # word -> cluster ids, coarse to fine
    gazetteer: dict[str, str]  # single-word place name -> class ("country", "place")
    phrases: frozenset[tuple[str, ...]]  # multi-word place names
    cues: dict[str, tuple[str, ...]]  # word -> cue classes


def _norm(value: str, lang: LangData) -> str:
    return normalize_string(value, lang=lang)


class FastNormalizer:
    """``normalize_string`` for one token, via ``str.translate`` when that is provably the same.

    Characters whose folding is a fixed table entry (or themselves) are translated in one
    call; a token with any other character, white space, or digits next to letters (which the
    pipeline splits) falls back to ``normalize_string``. A test checks equality on corpora.
    """

    def __init__(self, lang: LangData) -> None:
        self.lang = lang
        folding = folding_table(lang)
        trans: dict[int, str] = {}
        safe: set[str] = set()
        for code in list(range(0x20, 0x7F)) + list(range(0x0600, 0x0700)) + list(range(0x2000, 0x2070)):
            ch = chr(code)
            out = normalize(ch, lang=lang).text
            if ch.isspace() or any(c.isspace() for c in out):
                continue
            safe.add(ch)
            if out != ch:
                trans[code] = out
        for ch in folding.table:
            out = normalize(ch, lang=lang).text
            if len(ch) == 1 and not ch.isspace() and not any(c.isspace() for c in out):
                safe.add(ch)
                if out != ch:
                    trans[ord(ch)] = out
        self._trans = trans
        self._safe = frozenset(safe)
        self._split_digits = folding.split_digits

    def __call__(self, word: str) -> str:
        if not self._safe.issuperset(word):
            return normalize_string(word, lang=self.lang)
        out = word.translate(self._trans)
        if self._split_digits and not out.isalpha() and _DIGIT_LETTER.search(out):
            return normalize_string(word, lang=self.lang)
        return out


def load_resources(folder: Path, lang: LangData) -> Resources:
    """Read clusters.tsv, gazetteer.tsv and cues.json from a model folder (each optional)."""
    clusters: dict[str, tuple[str, ...]] = {}
    path = folder / "clusters.tsv"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    clusters[parts[0]] = tuple(parts[1:])
    gazetteer: dict[str, str] = {}
    phrases: set[tuple[str, ...]] = set()
    path = folder / "gazetteer.tsv"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or "\t" not in line:
                    continue
                kind, name = line.rstrip("\n").split("\t", 1)
                words = tuple(_norm(name, lang).split())
                if len(words) == 1:
                    if gazetteer.get(words[0]) != "country":
                        gazetteer[words[0]] = kind
                elif 1 < len(words) <= _MAX_PHRASE:
                    phrases.add(words)
    cues: dict[str, tuple[str, ...]] = {}
    path = folder / "cues.json"
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        acc: dict[str, list[str]] = {}
        for kind, words in data.items():
            if kind == "meta":
                continue
            for word in words:
                acc.setdefault(_norm(word, lang), []).append(kind)
        cues = {w: tuple(sorted(set(k))) for w, k in acc.items()}
    return Resources(clusters, gazetteer, frozenset(phrases), cues)


def _shape(word: str) -> str:
    out = []
    for ch in word:
        if ch.isdigit():
            c = "d"
        elif "\u0600" <= ch <= "\u06ff":
            c = "a"
        elif ch.isalpha():
            c = "L" if ch.isupper() else "l"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


WordParts = tuple[str, tuple[str, ...], list[str], list[str]]


class FeatureExtractor:
    """Builds attribute lists for sentences of original-text words.

    ``word_parts(word)`` is the word-level part, memoized: the normalized word, its forms, its
    own attributes and the attributes a neighbour sees (without the offset prefix)."""

    def __init__(self, lang: LangData, resources: Resources, *, cache_size: int = 200_000) -> None:
        self.lang = lang
        self.res = resources
        self.normalize = FastNormalizer(lang)
        self.word_parts: Callable[[str], WordParts] = lru_cache(maxsize=cache_size)(self._word_parts)
        # (prefix, cluster ids) -> attribute names; at most 3 per distinct cluster path.
        self._cluster_names: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
        #: ``word_parts`` without the memo, for a caller that keeps what it needs of the parts.
        self.compute_word_parts: Callable[[str], WordParts] = self._word_parts
        self.phrase_first = frozenset(p[0] for p in resources.phrases)  # first words of multi-word names

    def _cluster_attributes(self, prefix: str, clusters: tuple[str, ...]) -> tuple[str, ...]:
        """``<prefix><level>=<cluster>`` for each level (memoized: words share clusters)."""
        key = (prefix, clusters)
        names = self._cluster_names.get(key)
        if names is None:
            names = self._cluster_names[key] = tuple(f"{prefix}{i}={c}" for i, c in enumerate(clusters))
        return names

    def _token_forms(self, n: str) -> tuple[str, ...]:
        # token_forms is memoized per language (segment.FormsMemo), shared with the segmenter.
        return token_forms(n, lang=self.lang) if n[:1].isalpha() else (n,)

    def _word_parts(self, word: str) -> WordParts:
        res = self.res
        n = self.normalize(word) or word
        forms = self._token_forms(n)
        stems = forms[1:]
        stem = min(forms, key=len)
        own = ["b", "w=" + n, "st=" + stem]
        own += ["f=" + f for f in stems[:4]]
        alpha = n[:1].isalpha()
        if alpha:
            own += ["p1=" + n[:1], "p2=" + n[:2], "p3=" + n[:3], "s1=" + n[-1:], "s2=" + n[-2:], "s3=" + n[-3:],
                    "sp2=" + stem[:2], "ss2=" + stem[-2:], "ss3=" + stem[-3:], "len=" + str(min(len(stem), 9))]
        shape = _shape(n)
        own.append("sh=" + shape)
        # Unsupervised word clusters: the surface, else the first stem that has one.
        cl = res.clusters.get(n)
        src = "c"
        if cl is None:
            for f in stems:
                cl = res.clusters.get(f)
                if cl is not None:
                    src = "cs"
                    break
        ctx = ["w=" + n, "st=" + stem]
        if cl is not None:
            own += self._cluster_attributes(src, cl)
            ctx += self._cluster_attributes("c", cl)
        else:
            own.append("c=none")
        # The shortest stem's clusters too ("وبوش" -> "بوش"), when it has its own entry.
        if stem != n:
            scl = res.clusters.get(stem)
            if scl is not None:
                own += self._cluster_attributes("sc", scl)
        # Gazetteer and cue classes over all forms.
        gz = None
        cues: set[str] = set()
        for f in forms:
            if gz is None:
                gz = res.gazetteer.get(f)
            c = res.cues.get(f)
            if c:
                cues.update(c)
        if gz is not None:
            own.append("gz=" + gz)
            ctx.append("gz=" + gz)
        for c in sorted(cues):
            own.append("cue=" + c)
            ctx.append("cue=" + c)
        ctx.append("s2=" + n[-2:] if alpha else "sh=" + shape)
        return n, forms, own, ctx

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """One attribute list per word (what the CRF is trained on)."""
        info = [self.word_parts(w) for w in words]
        n_words = len(info)
        out: list[list[str]] = []
        for k in range(n_words):
            feats = list(info[k][2])
            for off in CONTEXT:
                j = k + off
                if 0 <= j < n_words:
                    feats += [f"{off}:{x}" for x in info[j][3]]
            feats += self.edge_attributes(info, k)
            out.append(feats)
        for k, attr in self.phrase_attributes(info):
            out[k].append(attr)
        return out

    @staticmethod
    def edge_attributes(info: Sequence[WordParts], k: int) -> list[str]:
        """Sentence-boundary and word-bigram attributes of position ``k``."""
        out = []
        if k == 0:
            out.append("BOS")
        else:
            out.append("bg-=" + info[k - 1][0] + "|" + info[k][0])
        if k + 1 == len(info):
            out.append("EOS")
        else:
            out.append("bg+=" + info[k][0] + "|" + info[k + 1][0])
        return out

    def phrase_attributes(
        self, info: Sequence[WordParts] | Sequence[tuple[Any, ...]], starts: Sequence[int] | None = None
    ) -> list[tuple[int, str]]:
        """Multi-word gazetteer matches (longest first, left to right): ``gzp=B`` / ``gzp=I``.
        Only the first two items of each word's parts are read (the word and its forms).

        ``starts``: the positions, ascending, of the words with a form that is a phrase's first
        word, when the caller knows them (no other position can start a match)."""
        phrases = self.res.phrases
        first_words = self.phrase_first
        n_words = len(info)
        if starts is None:
            starts = [k for k in range(n_words - 1) if not first_words.isdisjoint(info[k][1])]
        out: list[tuple[int, str]] = []
        free = 0  # the first position after the last match
        for k in starts:
            if k >= n_words - 1:
                break
            if k < free:
                continue
            firsts = [f for f in info[k][1] if f in first_words]
            for size in range(min(_MAX_PHRASE, n_words - k), 1, -1):
                tail = tuple(i[0] for i in info[k + 1:k + size])
                if any((f, *tail) in phrases for f in firsts):
                    out.append((k, "gzp=B"))
                    out += [(j, "gzp=I") for j in range(k + 1, k + size)]
                    free = k + size
                    break
        return out
