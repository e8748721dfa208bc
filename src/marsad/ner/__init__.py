"""Arabic named-entity tagger: a linear-chain CRF over clitic-aware features, decoded in numpy.

    from marsad.ner import load_ner_model
    model = load_ner_model()                  # the model shipped in marsad/models/ner/
    model.tag(["قال", "الرئيس", "الطاجيكي", "إمام", "علي", "رحمن"])   # BIO tags, PER/LOC/ORG/MISC
    model.tag_many([[...], [...]])

Words are ORIGINAL-text tokens; normalization and clitic splitting happen inside, with the
same language data as the pipeline. The model is read-only and cached per process and path.
Training (scripts/train_ner.py) uses python-crfsuite; inference needs only numpy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import MarsadError
from ..langdata.loader import LangData, load_langdata
from .features import FEATURE_VERSION, FeatureExtractor, load_resources
from .inference import WEIGHTS_FILE, CrfWeights, Decoder

__all__ = ["NerModel", "load_ner_model", "default_model_path", "ENTITY_TYPES", "repair_bio"]

ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC")
MODEL_FILE = WEIGHTS_FILE


def default_model_path() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / "ner"


def repair_bio(tags: list[str]) -> list[str]:
    """Make a tag sequence valid BIO: an I- that does not continue its type becomes B-."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


class NerModel:
    """A trained tagger plus the feature resources it was trained with (read-only)."""

    def __init__(self, folder: Path, *, lang: LangData | None = None) -> None:
        folder = Path(folder)
        model_file = folder / MODEL_FILE if folder.is_dir() else folder
        folder = model_file.parent
        if not model_file.is_file():
            raise MarsadError(f"no NER model at {model_file}")
        self.folder = folder
        self.lang = lang or load_langdata("ar")
        config_path = folder / "config.json"
        self.config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
        version = self.config.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            raise MarsadError(
                f"NER model {model_file} was trained with feature version {version}, this code has "
                f"{FEATURE_VERSION}: retrain with scripts/train_ner.py"
            )
        try:
            weights = CrfWeights.load(model_file)
        except (OSError, ValueError, KeyError) as exc:
            raise MarsadError(f"cannot read NER model {model_file}: {exc}") from None
        self.features = FeatureExtractor(self.lang, load_resources(folder, self.lang))
        self._decoder = Decoder(weights, self.features)

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (B-PER, I-LOC, O, ...) for one sentence of original-text words."""
        if not words:
            return []
        return repair_bio(self._decoder.tag(words))

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [repair_bio(tags) for tags in self._decoder.tag_many(sentences)]

    def knows(self, word: str) -> bool:
        """Whether the normalized ``word`` is in the model's vocabulary (its word clusters: the
        words seen at least 5 times in the unlabelled corpus)."""
        return word in self.features.res.clusters


@lru_cache(maxsize=4)
def _load(path: str) -> NerModel:
    return NerModel(Path(path))


def load_ner_model(path: str | Path | None = None) -> NerModel:
    """The model in ``path`` (a folder or its weights.npz), default the shipped one; cached."""
    return _load(str(Path(path).resolve() if path is not None else default_model_path()))
