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
