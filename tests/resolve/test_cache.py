"""The disk cache of the GeoNames index and the places trie (resolve/cache.py): identical
results with and without it, and every way a cache can be unusable falls back to building."""

from __future__ import annotations

import errno
import gc
import logging
import os
from pathlib import Path

import pytest

from armswatch.kb.places import MIN_POPULATION, _build_places, build_place_gazetteer, place_gazetteer
from armswatch.resolve import cache, resolve_toponyms
from armswatch.resolve.gazetteer import build_gazetteer

# Written for these tests.
STORY = (
    "Air defence units moved from Voronezh to Belgorod last week, the ministry in Moscow said. "
    "A second battery was seen near Kursk, and officials in Warsaw and Vilnius asked NATO "
    "for more Patriot systems along the Baltic Sea coast."
)
TOPONYMS = ("Voronezh", "Belgorod", "Moscow", "Kursk", "Warsaw", "Vilnius", "Baltic Sea")


@pytest.fixture(autouse=True)
def fresh_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_warned", False)


def spans(text: str, names: tuple[str, ...]) -> list[tuple[str, int, int]]:
    return [(name, text.index(name), text.index(name) + len(name)) for name in names]


def test_the_geonames_index_is_identical_after_a_round_trip(tmp_path: Path) -> None:
    built = build_gazetteer()
    assert cache.save("geonames-index", built, folder=tmp_path)
    loaded = cache.load("geonames-index", folder=tmp_path)
    assert loaded is not built and vars(loaded) == vars(built)
    assert resolve_toponyms(spans(STORY, TOPONYMS), STORY, gazetteer=loaded) == resolve_toponyms(
        spans(STORY, TOPONYMS), STORY, gazetteer=built
    )
    for name in ("Springfield", "Saint Petersburg", "Gdańsk", "Tex.", "Black Sea"):
        assert loaded.candidates(name) == built.candidates(name), name
        assert loaded.abbreviation(name) == built.abbreviation(name)
    assert loaded.capital("PL") == built.capital("PL") is not None
    assert loaded.border_point("PL", "LT") == built.border_point("PL", "LT") is not None


def test_the_places_trie_is_identical_after_a_round_trip(tmp_path: Path) -> None:
    places = _build_places(MIN_POPULATION)
    trie = build_place_gazetteer(places)
    assert cache.save("places-trie", (places, trie), folder=tmp_path)
    loaded_places, loaded_trie = cache.load("places-trie", folder=tmp_path)
    assert loaded_places == places
    assert vars(loaded_trie) == vars(trie)
    found = trie.find(STORY)
    assert {"Voronezh", "Belgorod", "Kursk", "Warsaw"} <= {f.text for f in found}
    assert loaded_trie.find(STORY) == found
    # The process-wide loaders agree with a fresh build, whichever way they got theirs.
    assert place_gazetteer().find(STORY) == found


def test_a_value_is_built_once_then_read_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_CACHE_DIR", str(tmp_path))
    calls = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"towns": [1, 2, 3]}

    assert cache.cached("toy", build) == {"towns": [1, 2, 3]}
    assert cache.cached("toy", build) == {"towns": [1, 2, 3]}
    assert len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == [cache.cache_path("toy").name]  # no temporary file left


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_file_is_rebuilt_with_one_log_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    monkeypatch.setenv("ARMSWATCH_CACHE_DIR", str(tmp_path))
    cache.save("toy", list(range(10_000)))
    path = cache.cache_path("toy")
    assert path is not None
    whole = path.read_bytes()
    path.write_bytes({"garbage": b"not a pickle at all", "truncated": whole[: len(whole) // 2], "empty": b""}[damage])
    with caplog.at_level(logging.INFO, logger=cache.__name__):
        assert cache.load("toy") is None
        assert gc.isenabled()
        assert cache.cached("toy", lambda: ["rebuilt"]) == ["rebuilt"]
        assert cache.load("toy") == ["rebuilt"]  # the rebuilt value replaced the damaged file
        path.write_bytes(b"\x80\x05damaged again")
        assert cache.cached("toy", lambda: ["rebuilt twice"]) == ["rebuilt twice"]
    assert len(caplog.records) == 1  # one line per process, however many files are damaged


def test_a_stale_file_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.save("toy", "old", folder=tmp_path)
    path = cache.cache_path("toy", folder=tmp_path)
    # Another version of the code or data: another file name, so the old one is not read.
    newer = {**cache.source_key(), "sources": "0" * 64}
    monkeypatch.setattr(cache, "source_key", lambda: newer)
    assert cache.cache_path("toy", folder=tmp_path) != path
    assert cache.load("toy", folder=tmp_path) is None
    # A file under the right name whose recorded key differs is refused too.
    os.replace(path, cache.cache_path("toy", folder=tmp_path))
    assert cache.load("toy", folder=tmp_path) is None


def test_parameters_are_part_of_the_key(tmp_path: Path) -> None:
    cache.save("toy", "big towns", {"min_population": "5000"}, folder=tmp_path)
    assert cache.load("toy", {"min_population": "500"}, folder=tmp_path) is None
    assert cache.load("toy", {"min_population": "5000"}, folder=tmp_path) == "big towns"


def test_the_key_follows_the_source_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "regions.toml"
    data.write_text("[[region]]\nname = 'A'\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_SOURCES", (tmp_path,))
    cache.source_key.cache_clear()
    try:
        before = cache.source_key()
        data.write_text("[[region]]\nname = 'B'\n", encoding="utf-8")
        cache.source_key.cache_clear()
        assert cache.source_key()["sources"] != before["sources"]
    finally:
        monkeypatch.undo()
        cache.source_key.cache_clear()


def test_an_unwritable_folder_builds_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ARMSWATCH_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    with caplog.at_level(logging.INFO, logger=cache.__name__):
        assert cache.cached("toy", lambda: "built") == "built"
        assert cache.cached("toy", lambda: "built again") == "built again"
    assert len(caplog.records) == 1


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", no_space)
    assert cache.save("toy", list(range(1000)), folder=tmp_path) is False
    assert list(tmp_path.iterdir()) == []


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.save("toy", 1) is False
    assert cache.cached("toy", lambda: 2) == 2


def test_the_default_folder_is_the_user_cache() -> None:
    assert cache.cache_dir({"XDG_CACHE_HOME": "/srv/cache"}) == Path("/srv/cache/armswatch")
    assert cache.cache_dir({"ARMSWATCH_CACHE_DIR": "/data/aw", "XDG_CACHE_HOME": "/srv"}) == Path("/data/aw")


def test_old_files_of_a_structure_are_pruned(tmp_path: Path) -> None:
    for size in range(6):
        cache.save("toy", size, {"size": str(size)}, folder=tmp_path)
        os.utime(cache.cache_path("toy", {"size": str(size)}, folder=tmp_path), (size, size))
    cache.save("toy", 9, {"size": "9"}, folder=tmp_path)
    kept = sorted(tmp_path.glob("toy-*.pickle"))
    assert len(kept) == cache.KEEP_PER_NAME
    assert cache.load("toy", {"size": "9"}, folder=tmp_path) == 9
    assert cache.load("toy", {"size": "5"}, folder=tmp_path) == 5  # the newest older one stays
