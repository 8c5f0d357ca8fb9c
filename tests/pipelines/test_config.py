"""Config validation: every mistake gets a message that says where and what."""

from __future__ import annotations

import pytest

from medcorpus.pipelines.config import ConfigError, load_config, parse_config

BASE = {
    "dataset": "d",
    "sources": [{"name": "a", "format": "jsonl", "path": "in/a.jsonl", "id": "id"}],
    "output": {"table": "out/docs"},
}


def _parse(tmp_path, **overrides):
    return parse_config({**BASE, **overrides}, tmp_path)


def test_defaults_and_relative_paths_resolve_against_the_config_folder(tmp_path):
    cfg = _parse(tmp_path)
    assert cfg.sources[0].path == [str(tmp_path / "in/a.jsonl")]
    assert cfg.sources[0].text == ["text"]
    assert cfg.output.table == str(tmp_path / "out/docs")
    assert cfg.output.rejects_uri == str(tmp_path / "out/docs") + "_rejects"
    remote = _parse(tmp_path, output={"table": "gs://bucket/docs"})
    assert remote.output.table == "gs://bucket/docs"


def test_unknown_keys_are_named(tmp_path):
    with pytest.raises(ConfigError) as err:
        _parse(tmp_path, sources=[{**BASE["sources"][0], "txt": "body"}], outptu={})
    msg = str(err.value)
    assert "sources.0.jsonl.txt: unknown key" in msg
    assert "outptu: unknown key" in msg


def test_bad_values_are_explained(tmp_path):
    cases = {
        "unknown format 'yaml'": {"sources": [{"name": "a", "format": "yaml", "path": "x"}]},
        "source names must be unique": {"sources": [BASE["sources"][0], BASE["sources"][0]]},
        "unknown encoding 'utf-9'": {"sources": [{**BASE["sources"][0], "encoding": "utf-9"}]},
        "output.rows_per_shard": {"output": {"table": "t", "rows_per_shard": 0}},
        "record_separator is not a valid regex": {"sources": [{"name": "a", "format": "text", "path": "x",
                                                               "record_separator": "(["}]},
        "sources: List should have at least 1 item": {"sources": []},
        "bad field path 'turns[x].text'": {"sources": [{**BASE["sources"][0], "text": "turns[x].text"}]},
        "dataset: Field required": {"dataset": None},
    }
    for expected, override in cases.items():
        raw = {**BASE, **override}
        if override.get("dataset", "") is None:
            raw.pop("dataset")
        with pytest.raises(ConfigError) as err:
            parse_config(raw, tmp_path)
        assert expected in str(err.value), (expected, str(err.value))


def test_load_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("dataset: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    bad.write_text("- a list\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(bad)


def test_fingerprint_tracks_content(tmp_path):
    a, b = _parse(tmp_path), _parse(tmp_path)
    assert a.fingerprint() == b.fingerprint()
    assert _parse(tmp_path, ingest={"max_doc_chars": 10}).fingerprint() != a.fingerprint()


def test_append_needs_dedup_against_the_latest_version(tmp_path):
    append = {"table": "out/docs", "mode": "append"}
    with pytest.raises(ConfigError, match="stages.dedup.against: latest"):
        _parse(tmp_path, output=append)
    assert _parse(tmp_path, output=append, stages={"dedup": {"against": "latest"}}).output.mode == "append"
    with pytest.raises(ConfigError, match="with dedup enabled"):  # ids would repeat across runs
        _parse(tmp_path, output=append, stages={"dedup": {"enabled": False, "against": "latest"}})
    assert _parse(tmp_path).output.mode == "replace"
