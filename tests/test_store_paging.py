"""Pages of events (the API's and the events page's) are the same rows in the same order as
the whole list, with every filter, on SQLite and PostgreSQL; the prefix filters still match
as prefixes now that they are index ranges too."""

from __future__ import annotations

import pytest

from marsad.store import open_store

from .store_fixtures import make_doc, make_event, pg_server, store_url  # noqa: F401
from .test_store import _corpus


@pytest.fixture
def store(store_url):  # noqa: F811
    with open_store(store_url) as s:
        s.ingest(_corpus())
        text = "أعلنت روسيا وطاجيكستان وقيرغيزستان اتفاقا في موسكو وتم التوقيع عليه."
        s.ingest([make_doc(text, published="2021-07-25", events=(
            make_event(text, "أعلنت", eid="a", source="RUSMIL", target="KGZ", cameo="057", date="2021-07-25"),
            make_event(text, "اتفاقا", eid="b", source="RUS", target="TJKGOV", cameo="0571", date=None),
            make_event(text, "التوقيع", eid="c", source="RU9", target="RUSGOV", cameo="057", date="2021-07-24"),
        ))])
        yield s


@pytest.mark.parametrize("filters", [{}, {"actor": "RUS"}, {"source": "RUS"}, {"target": "TJK"}, {"code": "05"},
                                     {"code": "057"}, {"country": "TJK"}, {"since": "2021-07-21"},
                                     {"until": "2021-07-22"}, {"modality": "asserted"}])
def test_event_pages_are_slices_of_the_list(store, filters) -> None:
    everything = store.events(**filters)
    flt = store.event_filter(**filters)
    for limit, offset in ((1, 0), (2, 1), (3, 2), (100, 0), (5, 50)):
        assert store.events_page(flt, limit=limit, offset=offset) == everything[offset:offset + limit]


def test_prefix_filters_match_prefixes_only(store) -> None:
    def codes(**filters):
        return sorted((e["source_code"], e["target_code"]) for e in store.events(**filters))

    found = codes(actor="RUS")
    assert len(found) == 6  # RUSGOV, RUS and EUR -> RUS of the corpus, and the three of the last document
    assert all(s.startswith("RUS") or t.startswith("RUS") for s, t in found)
    assert ("RU9", "RUSGOV") in found and ("RUSMIL", "KGZ") in found
    assert all(s.startswith("RUS") for s, _ in codes(source="RUS")) and ("RU9", "RUSGOV") not in codes(source="RUS")
    assert codes(source="RUSMIL") == [("RUSMIL", "KGZ")]
    assert sorted(e["cameo"] for e in store.events(code="057")) == ["057", "057", "0571"]
