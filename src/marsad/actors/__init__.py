"""The actor registry (:mod:`.registry`) and the PETRARCH/Phoenix dictionary reader (:mod:`.petrarch`)."""

from .registry import (
    ActorRecord,
    DatedCode,
    Registry,
    actor_registry,
    build_registry,
    load_user_registry,
    pick_code,
)

__all__ = ["ActorRecord", "DatedCode", "Registry", "actor_registry", "build_registry", "load_user_registry",
           "pick_code"]
