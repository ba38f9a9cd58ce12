"""The chart cache draws once per key and forgets the least recently used first."""

from tracker.trends.cache import ChartCache, etag


def test_a_key_is_drawn_once_and_then_served():
    cache, calls = ChartCache(), []
    for _ in range(3):
        assert cache.get_or_make("k", lambda: calls.append(1) or b"png") == b"png"
    assert len(calls) == 1 and (cache.hits, cache.misses) == (2, 1)


def test_the_least_recently_used_entry_goes_first_when_full():
    cache = ChartCache(max_entries=2)
    cache.get_or_make("a", lambda: b"a")
    cache.get_or_make("b", lambda: b"b")
    cache.get_or_make("a", lambda: b"never")  # a is now the most recent
    cache.get_or_make("c", lambda: b"c")
    assert cache.get_or_make("a", lambda: b"redrawn") == b"a"
    assert cache.get_or_make("b", lambda: b"redrawn") == b"redrawn"


def test_the_byte_budget_is_kept():
    cache = ChartCache(max_bytes=10)
    cache.get_or_make("a", lambda: b"123456")
    cache.get_or_make("b", lambda: b"123456")
    assert cache.get_or_make("a", lambda: b"again") == b"again"


def test_etags_differ_by_key_and_reveal_nothing_of_it():
    assert etag((1, 5, "mood")) != etag((1, 6, "mood"))
    assert "mood" not in etag((1, 5, "mood")) and len(etag("x")) == 32
