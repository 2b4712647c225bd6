"""The in-memory cache of conversations' latest events: stamps, least recently used, idle time."""

from __future__ import annotations

from bot.rasa_server.tracker_cache import Stamp, TrackerCache

EMPTY = Stamp(0, None, None, None)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_stamp_grows_with_the_events_added() -> None:
    stamp = EMPTY.extended([7, 8], [10.0, None])
    assert stamp == Stamp(2, 7, 8, 10.0)
    assert stamp.extended([9], [11.5]) == Stamp(3, 7, 9, 11.5)
    assert stamp.extended([], []) is stamp


def test_events_come_back_only_with_the_same_stamp() -> None:
    cache = TrackerCache()
    stamp = EMPTY.extended([1, 2], [1.0, 2.0])
    cache.put("a", stamp, ["e1", "e2"])
    assert cache.get("a", stamp) == ["e1", "e2"]
    assert cache.get("a", Stamp(2, 1, 3, 2.0)) is None  # someone else wrote: stale, and gone
    assert cache.get("a", stamp) is None and len(cache) == 0


def test_a_copy_is_handed_out() -> None:
    cache = TrackerCache()
    cache.put("a", EMPTY, ["e1"])
    cache.get("a", EMPTY).append("mine")  # type: ignore[union-attr]
    assert cache.get("a", EMPTY) == ["e1"]


def test_extend_needs_the_exact_events_it_extends() -> None:
    cache = TrackerCache()
    one = EMPTY.extended([1], [1.0])
    two = one.extended([2], [2.0])
    cache.put("a", one, ["e1"])
    cache.extend("a", one, two, ["e2"])
    assert cache.get("a", two) == ["e1", "e2"]
    cache.extend("a", one, two.extended([3], [3.0]), ["e3"])  # not what it holds: dropped
    assert len(cache) == 0
    cache.extend("b", EMPTY, one, ["e1"])  # nothing held: nothing kept
    assert len(cache) == 0


def test_the_least_recently_used_go_first() -> None:
    cache = TrackerCache(size=2)
    for key in "abc":
        cache.put(key, EMPTY, [key])
        if key == "b":
            cache.get("a", EMPTY)  # a is used again; b is now the oldest
    assert cache.get("b", EMPTY) is None
    assert cache.get("a", EMPTY) == ["a"] and cache.get("c", EMPTY) == ["c"]


def test_nothing_stays_idle_longer_than_allowed() -> None:
    clock = Clock()
    cache = TrackerCache(idle_s=60, clock=clock)
    cache.put("a", EMPTY, ["a"])
    clock.now = 30
    cache.put("b", EMPTY, ["b"])
    clock.now = 61
    assert cache.get("b", EMPTY) == ["b"]  # a went, idle 61 s
    assert len(cache) == 1


def test_size_zero_keeps_nothing_and_drop_forgets() -> None:
    off = TrackerCache(size=0)
    off.put("a", EMPTY, ["a"])
    assert len(off) == 0
    cache = TrackerCache()
    cache.put("a", EMPTY, ["a"])
    cache.drop("a")
    assert cache.get("a", EMPTY) is None
