"""Marsad: explainable political event data from Arabic news.

The public API is what ``__all__`` lists; modules not named here are private.
"""

__version__ = "0.1.0"

from .errors import InputError, LangDataError, MarsadError, QueryError, StoreError
from .langdata.loader import LangData, load_langdata
from .model import Document, document_from_dict, document_to_dict, document_to_json
from .pipeline import code_article
from .settings import Settings
from .store import Store, ingest_paths, open_store

__all__ = [
    "Document",
    "InputError",
    "LangData",
    "LangDataError",
    "MarsadError",
    "QueryError",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "code_article",
    "document_from_dict",
    "document_to_dict",
    "document_to_json",
    "ingest_paths",
    "load_langdata",
    "open_store",
]
