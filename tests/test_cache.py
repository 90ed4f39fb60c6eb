"""The build cache: keyed by input content, written atomically, never trusted when damaged."""

import json
import shutil

import pytest

import arkg
from arkg.pipeline import cached, forget, input_key


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ARKG_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_build_reports_counts_and_reuses_the_cache(own_cache):
    first = arkg.build()
    assert first.rebuilt and first.total == first.asserted + first.inferred
    assert first.inferred > 0 and set(first.timings) == {"parse", "reason", "write"}
    second = arkg.build()
    assert not second.rebuilt and second.key == first.key and second.total == first.total
    forced = arkg.build(force=True)
    assert forced.rebuilt


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete-file", "delete-store", "manifest"])
def test_a_damaged_cache_is_rebuilt_not_trusted(own_cache, damage):
    info = arkg.build()
    store_dir = info.reasoned_path
    target = max(store_dir.glob("*.sst"), key=lambda p: p.stat().st_size)
    if damage == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        target.write_bytes(b"<not> <a store")
    elif damage == "delete-file":
        target.unlink()
    elif damage == "delete-store":
        shutil.rmtree(store_dir)
    else:
        (info.directory / "manifest.json").write_text("{ broken json")
    forget()  # as a new process would: nothing remembered about the cache
    assert cached(info.key) is None
    again = arkg.build()
    assert again.rebuilt and again.total == info.total
    assert cached(info.key) is not None
    assert len(arkg.query("who-broke-relations")) >= 1


def test_an_incomplete_build_directory_is_ignored(own_cache):
    info = arkg.build()
    # an interrupted build leaves only a temporary directory, never <key>/
    shutil.rmtree(info.directory)
    (own_cache / f".{info.key}.abc.tmp" / "reasoned").mkdir(parents=True)
    forget()
    assert cached(info.key) is None
    assert arkg.build().rebuilt


def test_no_temporary_files_are_left(own_cache):
    arkg.build()
    arkg.build(force=True)  # replaces the complete build directory
    assert not [p for p in own_cache.iterdir() if p.name.startswith(".")]
    manifest = json.loads(next(own_cache.glob("*/manifest.json")).read_text())
    assert manifest["reasoned"]["triples"] > manifest["asserted"]["triples"]
    assert any(name.endswith(".sst") for name in manifest["files"])


def test_commands_open_the_store_read_only(own_cache):
    import pyoxigraph as ox

    store = arkg.store()
    assert isinstance(store, ox.Store)
    with pytest.raises((OSError, RuntimeError), match="read-write|read only|read-only"):
        store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    # the reasoned graph is the default graph; the asserted one is a store of its own
    assert arkg.stats()["triples"] == arkg.build().total
    asserted = arkg.store(inferred=False)
    n = next(iter(asserted.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"].value
    assert int(n) == arkg.build().asserted


def test_the_key_is_hashed_once_per_process_while_files_are_unchanged(tmp_path, monkeypatch):
    import importlib

    module = importlib.import_module("arkg.pipeline")
    calls = []
    real = module._content_key
    monkeypatch.setattr(module, "_content_key", lambda files, r: calls.append(1) or real(files, r))
    a = tmp_path / "a.ttl"
    a.write_text("<urn:a> <urn:b> <urn:c> .\n")
    first = input_key([a], "owlrl")
    assert input_key([a], "owlrl") == first and len(calls) == 1
    a.write_text("<urn:a> <urn:b> <urn:changed> .\n")
    assert input_key([a], "owlrl") != first and len(calls) == 2


def test_the_key_follows_the_content(tmp_path):
    a = tmp_path / "a.ttl"
    a.write_text("<urn:a> <urn:b> <urn:c> .\n")
    k1 = input_key([a], "owlrl")
    a.write_text("<urn:a> <urn:b> <urn:d> .\n")
    k2 = input_key([a], "owlrl")
    assert k1 != k2
    assert k2 == input_key([a], "owlrl")


def test_interrupted_write_leaves_the_target_untouched(tmp_path):
    from arkg.atomic import atomic_path
    target = tmp_path / "out.ttl"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_a_kept_answer_reads_back_the_same_and_a_damaged_one_is_not_trusted(own_cache, monkeypatch):
    import importlib

    kept = importlib.import_module("arkg.answers")
    monkeypatch.setattr(kept, "KEEP_AFTER_SECONDS", 0)  # keep every answer, however quick
    fresh = arkg.query("timeline")
    files = list((arkg.build().directory / "answers").rglob("timeline-*.jsonl"))
    assert len(files) == 1
    page = arkg.query("timeline", limit=7, offset=3)
    assert page.rows == fresh.rows[3:10] and page.total == fresh.total == len(fresh)
    assert page.dicts() == fresh.dicts()[3:10]
    beyond = arkg.query("timeline", limit=5, offset=fresh.total + 10)
    assert beyond.rows == [] and beyond.total == fresh.total
    text = files[0].read_text()
    files[0].write_text(text[: len(text) // 2])  # a damaged answer is evaluated again
    assert arkg.query("timeline").rows == fresh.rows
    assert len(files[0].read_text().splitlines()) == fresh.total + 1
    # other parameters, another answer
    other = arkg.query("timeline", **{"from": "1961"})
    assert 0 < len(other) < len(fresh)


def test_a_new_process_finds_the_key_by_the_inputs_stamp_not_their_content(own_cache, tmp_path, monkeypatch):
    import importlib
    import os

    module = importlib.import_module("arkg.pipeline")
    a = tmp_path / "a.ttl"
    a.write_text("<urn:a> <urn:b> <urn:c> .\n")
    first = input_key([a], "owlrl")
    module._KEY_MEMO.clear()  # as a new process would start
    calls = []
    real = module._content_key
    monkeypatch.setattr(module, "_content_key", lambda files, r: calls.append(1) or real(files, r))
    assert input_key([a], "owlrl") == first and calls == []  # the stamp, not the content
    module._KEY_MEMO.clear()
    a.write_text("<urn:a> <urn:b> <urn:x> .\n")  # same size, other content, later mtime
    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert input_key([a], "owlrl") != first and calls == [1]
