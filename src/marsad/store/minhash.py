"""Near-duplicate detection: MinHash signatures over word shingles and LSH band hashes.

A document's shingles are the runs of ``shingle`` consecutive normalized word tokens (the
project's folding, so harakat, hamza and letter variants do not matter). Its signature is
``num_perm`` minimum hashes under fixed universal hash functions derived from SHA-256, so
signatures and band hashes are the same on every machine and across runs: they are stored
(``minhash_signatures``, ``minhash_bands``) and a later run, or another machine writing the
same PostgreSQL store, finds the same candidates.

The bands are ``bands`` x ``rows`` = ``num_perm``; ``rows`` is the largest number for which
a pair at the threshold similarity still shares a band with probability >= 0.99. Candidates
are then checked with the signature's estimate of the Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["LSHParams", "choose_params", "signature", "band_hashes", "similarity", "shingles"]

_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class LSHParams:
    num_perm: int = 128
    bands: int = 21
    rows: int = 6
    shingle: int = 3

    def to_meta(self) -> dict[str, str]:
        return {"minhash_perm": str(self.num_perm), "lsh_bands": str(self.bands),
                "lsh_rows": str(self.rows), "shingle": str(self.shingle)}

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> LSHParams:
        return cls(int(meta["minhash_perm"]), int(meta["lsh_bands"]), int(meta["lsh_rows"]), int(meta["shingle"]))


def choose_params(threshold: float, num_perm: int = 128, shingle: int = 3, recall: float = 0.99) -> LSHParams:
    """The most selective banding that still makes a pair at ``threshold`` a candidate with
    probability >= ``recall``."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return LSHParams(num_perm=num_perm, bands=best[0], rows=best[1], shingle=shingle)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.empty(num_perm, dtype=np.uint64)
    b = np.empty(num_perm, dtype=np.uint64)
    for i in range(num_perm):
        digest = hashlib.sha256(f"marsad.minhash.{i}".encode()).digest()
        a[i] = (int.from_bytes(digest[:4], "little") & 0x7FFFFFFF) | 1
        b[i] = int.from_bytes(digest[4:8], "little") & 0x7FFFFFFF
    return a, b


def shingles(words: list[str], size: int) -> set[str]:
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature(words: list[str], params: LSHParams) -> np.ndarray | None:
    """The MinHash signature (uint32 array) of a word sequence; None when it has no words."""
    grams = shingles(words, params.shingle)
    if not grams:
        return None
    values = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    a, b = _permutations(params.num_perm)
    # a, b < 2**31 and values < 2**32: a*x + b stays below 2**64, no overflow.
    hashed = (a[:, None] * values[None, :] + b[:, None]) % _PRIME & _MASK
    return hashed.min(axis=1).astype("<u4")


def band_hashes(sig: np.ndarray, params: LSHParams) -> list[tuple[int, int]]:
    """``(band, hash)`` pairs, the hash a signed 64-bit integer (fits BIGINT and SQLite INTEGER)."""
    out = []
    for band in range(params.bands):
        chunk = sig[band * params.rows:(band + 1) * params.rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"marsad-lsh").digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4")
