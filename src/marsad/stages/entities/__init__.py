"""Entities, actors and places: the knowledge base and gazetteer matched over tokens, people
found from their titles, an optional NER model, and in-document coreference.

Matching runs over each token's clitic-stripped ``forms`` with a dictionary keyed by the
first word of every entry (multiword entries match token sequences; the longest match wins).
What can be matched is language data: ``country_names``, ``organizations``, ``roles``,
``gazetteer``, ``entity_cues``, ``transliteration`` (and ``countries`` in ``common``).

Resolution:

* a country name is LOC with the country's actor code (ISO3) and place; a nisba alone
  (``الطاجيكية``) is MISC with the country; a capital is LOC with its place, and also its
  government (``RUSGOV``) unless a locative preposition precedes it (metonymy);
* a body word (``الجيش``, ``وزارة الدفاع``) followed by a nisba or country is ORG with
  ``<ISO3><ROLE>``; an organisation keeps its own code and absorbs a following nisba;
* a person title (``نائب وزير الخارجية الروسي``) followed by a name gives a PER for the name
  with the actor and title; a title with a country but no name is itself a PER mention;
* a later mention of a person's last name refers to the first full mention (``refers_to``).

The package: ``kb`` (the matcher), ``extract`` (the walk), ``ner`` (the tagger's entities),
``drafts`` (appositions, coreference, countries, the finished entities).
"""

from __future__ import annotations

from ...actors.names import romanize_letters as romanize
from .extract import extract_entities

__all__ = ["extract_entities", "romanize"]
