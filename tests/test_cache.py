"""The build cache: keyed by input content, written atomically, never trusted when damaged."""

import json

import pytest

import arkg
from arkg.build import cached, input_key


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


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete", "manifest"])
def test_a_damaged_cache_is_rebuilt_not_trusted(own_cache, damage):
    info = arkg.build()
    target = info.reasoned_path
    if damage == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        target.write_bytes(b"<not> <n-triples")
    elif damage == "delete":
        target.unlink()
    else:
        (own_cache / f"{info.key}.json").write_text("{ broken json")
    assert cached(info.key) is None
    again = arkg.build()
    assert again.rebuilt and again.total == info.total
    assert cached(info.key) is not None


def test_no_temporary_files_are_left(own_cache):
    arkg.build()
    assert not [p for p in own_cache.iterdir() if p.name.endswith(".tmp")]
    manifest = json.loads(next(own_cache.glob("*.json")).read_text())
    assert manifest["reasoned"]["triples"] > manifest["asserted"]["triples"]


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
