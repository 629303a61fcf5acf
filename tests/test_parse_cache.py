"""The cache of parsed YAML: same data as parsing, never stale, never trusted blindly."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import stat
from pathlib import Path

import pytest

from ssrgen import forking, parse_cache, yamlio
from ssrgen.errors import InputError, WorkspaceError
from ssrgen.yamlio import load_yaml

BIG = "".join(
    f"- id: EV-{n:05d}\n  control: AC-2\n  effective: 2026-03-0{n % 9 + 1}\n"
    f"  when: 2026-03-02T09:15:00+02:00\n  count: {n}\n  ok: {'true' if n % 2 else 'false'}\n"
    for n in range(1200)
)


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (os.getcwd, ())  # any callable: the cache must refuse to call it


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SSRGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SSRGEN_NO_CACHE", raising=False)
    return folder


def test_second_load_reads_the_cache_and_gives_the_same_data(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    first = load_yaml(path).data
    assert len(list(cache.glob("*.pickle"))) == 1
    second = load_yaml(path).data
    assert second == first
    assert second[5]["effective"] == dt.date(2026, 3, 6)
    assert second[5]["when"] == dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert second[5]["ok"] is True and second[5]["count"] == 5


def test_a_changed_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    load_yaml(path)
    path.write_text(BIG.replace("EV-00007", "EV-77777"), encoding="utf-8")
    assert load_yaml(path).data[7]["id"] == "EV-77777"
    assert len(list(cache.glob("*.pickle"))) == 2


def test_small_files_are_not_cached(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": 1}
    assert not cache.exists()


def test_an_entry_that_would_run_code_is_ignored(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    load_yaml(path)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(pickle.dumps(_Evil()))
    assert load_yaml(path).data[0]["id"] == "EV-00000"
    entry.write_bytes(b"not a pickle")
    assert load_yaml(path).data[1]["id"] == "EV-00001"


def test_turned_off_or_unwritable_the_cache_is_skipped(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    monkeypatch.setenv("SSRGEN_NO_CACHE", "1")
    assert load_yaml(path).data[2]["id"] == "EV-00002"
    assert not cache.exists()
    monkeypatch.delenv("SSRGEN_NO_CACHE")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SSRGEN_CACHE_DIR", str(blocker / "cache"))
    assert load_yaml(path).data[3]["id"] == "EV-00003"


def test_old_entries_are_pruned(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 2)
    for n in range(4):
        path = tmp_path / f"r{n}.yaml"
        path.write_text(BIG + f"- id: extra-{n}\n", encoding="utf-8")
        load_yaml(path)
    assert len(list(cache.glob("*.pickle"))) == 2


def _big_files(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = tmp_path / f"evidence-{n}.yaml"
        path.write_text(BIG.replace("EV-", f"E{n}-"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.skipif(not forking.second_core(), reason="needs a second core and fork (Linux)")
def test_prepare_parses_on_two_cores_into_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _big_files(tmp_path, 5)
    broken = tmp_path / "broken.yaml"
    broken.write_text(BIG + "- id: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(parse_cache, "PARALLEL_MIN", 1)
    parsed: list[str] = []
    real_parse = yamlio._parse
    monkeypatch.setattr(yamlio, "_parse", lambda text: parsed.append(text[:9]) or real_parse(text))

    yamlio.prepare_yaml([*paths, broken, tmp_path / "absent.yaml"])

    # every good file is in the cache: this process's share and the child's
    assert len(list(cache.glob("*.pickle"))) == 5
    assert 0 < len(parsed) < 6  # this process parsed only its share (and tried the broken file or not)
    parsed.clear()
    docs = [load_yaml(p) for p in paths]
    assert parsed == []  # loading parsed nothing again
    assert [d.data[3]["id"] for d in docs] == [f"E{n}-00003" for n in range(5)]
    assert docs[2].where([7, "count"]) == f"{paths[2]}:{7 * 6 + 5}"
    assert parse_cache._PREPARED == {}
    with pytest.raises(InputError, match="the file is not valid YAML"):
        load_yaml(broken)


def test_prepare_does_nothing_for_little_text_or_one_core(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _big_files(tmp_path, 2)
    yamlio.prepare_yaml(paths)  # about 300 KB, far below the threshold
    assert not cache.exists()

    monkeypatch.setattr(parse_cache, "PARALLEL_MIN", 1)
    monkeypatch.setattr(parse_cache, "second_core", lambda: False)
    yamlio.prepare_yaml(paths)
    assert not cache.exists()


def test_a_planted_entry_is_never_read_as_the_file(tmp_path: Path, cache: Path) -> None:
    # someone who can write the folder plants data-only content under a file's key: it
    # carries no HMAC of this user's key, so the file is parsed again and the plant replaced
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    load_yaml(path)
    (entry,) = cache.glob("*.pickle")
    planted = ([{"id": "EV-00000", "title": "a narrative in no file"}], (0, None))
    entry.write_bytes(b"\0" * 32 + pickle.dumps(planted))
    assert load_yaml(path).data[0]["id"] == "EV-00000"
    assert "a narrative in no file" not in str(load_yaml(path).data)
    assert entry.read_bytes()[32:] != pickle.dumps(planted)


def test_the_folder_and_its_key_are_the_users_alone(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    load_yaml(path)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "key").stat().st_mode) == 0o600


def test_a_folder_others_can_write_is_refused(tmp_path: Path, cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o777)
    path = tmp_path / "register.yaml"
    path.write_text(BIG, encoding="utf-8")
    parse_cache._KEYS.clear()
    with pytest.raises(WorkspaceError) as refused:
        load_yaml(path)
    assert refused.value.what.startswith("the parse cache folder can be written by other users")
    assert refused.value.where == str(cache)
    assert f"chmod 700 {cache}" in refused.value.fix and "SSRGEN_NO_CACHE=1" in refused.value.fix
