"""The installed `medcorpus` command, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import fixture_config

MEDCORPUS = Path(sys.executable).with_name("medcorpus")


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(MEDCORPUS), *args], capture_output=True, text=True, env=env, timeout=600)


def test_bad_config_exits_2_with_every_problem_listed(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("dataset: x\nsources:\n  - {name: a, format: jsonl, path: a.jsonl, txt: body}\n"
                      "output: {table: t, shards: 3}\n")
    result = run("build", "--config", str(config))
    assert result.returncode == 2
    assert "sources.0.jsonl.txt: unknown key" in result.stderr
    assert "output.shards: unknown key" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_inputs_are_reported_before_running(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("dataset: x\nsources:\n  - {name: a, format: jsonl, path: nowhere/*.jsonl}\n"
                      "output: {table: t}\n")
    result = run("build", "--config", str(config))
    assert result.returncode == 2 and "no files match" in result.stderr


def test_a_users_mistake_is_one_line_with_exit_2(fixture_corpus, tmp_path):
    """Typos, a missing key, a missing file, a config that is not UTF-8: one line each, no traceback,
    nothing run, exit 2."""
    root, _ = fixture_corpus
    config = fixture_config(root, tmp_path / "docs")
    typo = run("build", "--config", str(config), "--runnr=DataflowRunner")
    assert typo.returncode == 2 and "unknown Beam option(s) --runnr=DataflowRunner" in typo.stderr
    assert not (tmp_path / "docs").exists()
    env = {k: v for k, v in os.environ.items() if k != "MEDCORPUS_DEID_KEY"}
    no_key = subprocess.run([str(MEDCORPUS), "build", "--config", str(config)], capture_output=True, text=True,
                            env=env, timeout=600)
    assert no_key.returncode == 2 and "MEDCORPUS_DEID_KEY" in no_key.stderr
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("dataset: caf\xe9\n".encode("latin-1"))
    bad_bytes = run("build", "--config", str(latin1))
    assert bad_bytes.returncode == 2 and "not UTF-8" in bad_bytes.stderr
    missing = run("deid", "--input", str(tmp_path / "nowhere.jsonl"), "--output", str(tmp_path / "o.jsonl"))
    assert missing.returncode == 2 and "no input file" in missing.stderr
    for result in (typo, no_key, bad_bytes, missing):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--direct_num_workers" in run("build", "--help-beam").stdout


@pytest.mark.slow
def test_build_prints_where_the_version_is(fixture_corpus, tmp_path):
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    result = run("build", "--config", str(fixture_config(root, table)), "--direct_num_workers=2")
    assert result.returncode == 0, result.stderr
    assert f"version 0 committed" in result.stdout
    assert f"polars.scan_delta('{table}', version=0)" in result.stdout
    assert "active: ingest, deid, langid, quality, dedup, write" in result.stdout and "disabled" not in result.stdout
    assert "deid report" in result.stdout
    assert "[balanced]" in result.stdout
    assert "validation passed" in result.stdout and "data docs" in result.stdout and "dataset-card.html" in result.stdout
    assert pl.scan_delta(str(table), version=0).select(pl.len()).collect().item() > 0
    # worker chatter stays out of a normal run's output
    assert "Control channel established" not in result.stderr


@pytest.mark.slow
def test_a_build_that_fails_validation_exits_3_and_says_why(fixture_corpus, tmp_path):
    import yaml

    root, _ = fixture_corpus
    table = tmp_path / "docs"
    path = fixture_config(root, table)
    raw = yaml.safe_load(path.read_text())
    raw["validation"] = {"min_kept_fraction": 0.99}
    path.write_text(yaml.safe_dump(raw))
    result = run("build", "--config", str(path), "--direct_num_workers=2")
    assert result.returncode == 3, result.stderr
    assert "validation FAILED" in result.stdout and "run/run.kept_fraction" in result.stdout
    assert "version 0 committed" in result.stdout
    pulled = run("pull", str(table), "--to", str(tmp_path / "out"))
    assert pulled.returncode == 3 and "--allow-invalid" in pulled.stderr
