"""What trainers use: versions, tags, open_dataset, pull, diff, and concurrent commits."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from deltalake import DeltaTable

import medcorpus
from medcorpus import table as tbl
from medcorpus.pipelines import datasets as ds
from tests.dataset_helpers import commit, docs

MEDCORPUS = Path(sys.executable).with_name("medcorpus")


@pytest.fixture
def table(tmp_path):
    """v0: a 0..9, b 0..4 (passed); v1: a 0..7 with 3 changed, b 0..6 (passed); v2: failed validation."""
    t = tmp_path / "docs"
    commit(t, docs("a", range(10)) + docs("b", range(5)))
    commit(t, docs("a", range(8), text=lambda i: f"note {i}: {'changed' if i == 3 else 'stable.'}")
           + docs("b", range(7)))
    commit(t, docs("a", range(2)), status="failed", failed=["documents/phi.ssn"])
    return t


def test_open_dataset_by_version_tag_and_latest(table):
    assert medcorpus.open_dataset is ds.open_dataset  # the public face
    assert ds.open_dataset(str(table), version=0).collect().height == 15
    lf = ds.open_dataset(str(table), version=1)
    assert isinstance(lf, pl.LazyFrame) and lf.collect().height == 15
    ds.set_tag(str(table), "release-1", 1)
    assert ds.open_dataset(str(table), tag="release-1").collect().height == 15
    assert ds.open_dataset(str(table), version=-2).collect().height == 15
    # object-store style URI (file://) goes through the same path
    assert ds.open_dataset(f"file://{table}", version=0).select(pl.len()).collect().item() == 15


def test_reading_a_version_needs_no_beam(table):
    """A notebook that reads a version loads deltalake and polars, not Apache Beam (seconds, and noise)."""
    code = ("import sys, medcorpus; medcorpus.open_dataset(sys.argv[1], tag=None, version=0).collect(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'apache_beam', 'presidio_analyzer'}))")
    out = subprocess.run([sys.executable, "-c", code, str(table)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]" and out.stderr == ""


def test_a_failed_version_is_refused_unless_asked_for(table):
    with pytest.raises(tbl.InvalidVersionError, match=r"version 2 .*failed validation.*phi\.ssn.*earlier version "
                                                      r"that did not fail is 1.*allow_invalid=True"):
        ds.open_dataset(str(table))  # the latest is the failed one: refused, not silently swapped
    assert ds.open_dataset(str(table), allow_invalid=True).collect().height == 2
    with pytest.raises(tbl.InvalidVersionError):
        ds.pull(str(table), str(table.parent / "out"), version=2)


def test_errors_say_what_to_do(table, tmp_path):
    with pytest.raises(tbl.VersionNotFound, match=r"has no version 7: its versions are 0\.\.2.*medcorpus versions"):
        ds.open_dataset(str(table), version=7)
    with pytest.raises(tbl.TagNotFound, match=r"no tag 'gold'.*medcorpus tag .* --version N gold"):
        ds.open_dataset(str(table), tag="gold")
    with pytest.raises(tbl.NotAMedcorpusTable, match="not a Delta table.*medcorpus build"):
        ds.open_dataset(str(tmp_path / "nowhere"))
    from deltalake import write_deltalake
    import pyarrow as pa

    write_deltalake(str(tmp_path / "plain"), pa.table({"x": [1]}))
    with pytest.raises(tbl.NotAMedcorpusTable, match="not a medcorpus documents table"):
        ds.open_dataset(str(tmp_path / "plain"))
    with pytest.raises(tbl.DatasetError, match="not a valid name"):
        ds.set_tag(str(table), "42", 0)
    ds.set_tag(str(table), "prod", 0)
    with pytest.raises(tbl.DatasetError, match="already points at version 0.*--force"):
        ds.set_tag(str(table), "prod", 1)
    ds.set_tag(str(table), "prod", 1, force=True)
    assert tbl.read_tags(str(table))["prod"]["version"] == 1
    with pytest.raises(tbl.VersionNotFound):
        ds.set_tag(str(table), "x", 9)


def test_versions_list_counts_tags_and_status(table):
    ds.set_tag(str(table), "v1", 1)
    infos = ds.list_versions(str(table))
    assert [(i.version, i.kept, i.validation, i.tags) for i in infos] == [
        (0, 15, "passed", []), (1, 15, "passed", ["v1"]), (2, 2, "failed", [])]
    assert infos[2].failed_expectations == ["documents/phi.ssn"]


def test_pull_writes_shards_and_a_manifest_with_checksums(table, tmp_path):
    ds.set_tag(str(table), "v1", 1)
    out = tmp_path / "pulled"
    manifest = ds.pull(str(table), str(out), tag="v1")
    assert manifest["version"] == 1 and manifest["tag"] == "v1" and manifest["rows"] == 15
    assert json.loads((out / "manifest.json").read_text())["files"] == manifest["files"]
    for f in manifest["files"]:
        assert hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() == f["sha256"]
    assert pl.read_parquet(out / "*.parquet").height == 15
    assert ds.verify_pull(str(out)) == []
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True).returncode == 0
    (out / manifest["files"][0]["path"]).write_bytes(b"tampered")
    assert "sha256 differs" in ds.verify_pull(str(out))[0]
    # another version into the same folder would mix two versions' shards under one glob
    with pytest.raises(tbl.DatasetError, match="not empty .* pull into a new or empty folder"):
        ds.pull(str(table), str(out), version=0)
    assert {p.name for p in out.iterdir()} == {f["path"] for f in manifest["files"]} | {"manifest.json", "SHA256SUMS"}


def test_diff_by_source(table):
    d = ds.diff(str(table), 0, 1)
    assert d["by_source"]["a"] == {"added": 0, "removed": 2, "changed": 1, "unchanged": 7}
    assert d["by_source"]["b"] == {"added": 2, "removed": 0, "changed": 0, "unchanged": 5}
    assert d["totals"] == {"added": 2, "removed": 2, "changed": 1, "unchanged": 12}


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(MEDCORPUS), *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_versions_tag_pull_diff(table, tmp_path):
    r = run("tag", str(table), "--version", "1", "stable")
    assert r.returncode == 0 and "tag 'stable' -> version 1" in r.stdout
    r = run("versions", str(table))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "validation" in lines[0]
    assert any(line.split()[0] == "1" and "passed" in line and "stable" in line for line in lines[1:])
    assert any(line.split()[0] == "2" and "failed" in line for line in lines[1:])
    assert "failed: documents/phi.ssn" in r.stdout
    r = run("pull", str(table), "--tag", "stable", "--to", str(tmp_path / "p"))
    assert r.returncode == 0 and "15 documents, validation passed" in r.stdout
    assert (tmp_path / "p" / "manifest.json").exists()
    r = run("pull", str(table), "--to", str(tmp_path / "q"))
    assert r.returncode == 3 and "failed validation" in r.stderr and "--allow-invalid" in r.stderr
    assert "Traceback" not in r.stderr
    assert run("pull", str(table), "--to", str(tmp_path / "q"), "--allow-invalid").returncode == 0
    r = run("diff", str(table), "0", "stable")
    assert r.returncode == 0 and "version 0 -> version 1" in r.stdout
    assert [x for x in r.stdout.splitlines() if x.strip().startswith("a ")][0].split()[1:] == ["0", "2", "1", "7"]
    r = run("versions", str(tmp_path / "nope"))
    assert r.returncode == 2 and "not a Delta table" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- concurrency

def _slow_commits(conflicts):
    """Widen the window between reading the snapshot and committing, and count conflicts."""
    import random
    import time

    from deltalake import DeltaTable as DT

    original = DT.create_write_transaction

    def slow(self, *args, **kwargs):
        time.sleep(random.uniform(0.0, 0.08))
        try:
            return original(self, *args, **kwargs)
        except Exception:
            conflicts.value += 1
            raise

    DT.create_write_transaction = slow


def _writer(table: str, worker: int, n: int, barrier, conflicts, attempts: int = 50) -> None:
    _slow_commits(conflicts)
    barrier.wait()  # both processes start committing at the same moment
    for k in range(n):
        try:
            commit(table, docs(f"w{worker}", range(worker * 100, worker * 100 + 3 + k)), run_id=f"w{worker}-{k}",
                   attempts=attempts)
        except Exception as exc:  # only with attempts=1: a clean, named failure
            assert type(exc).__name__ == "CommitConflictError" and "run the build again" in str(exc)


@pytest.mark.slow
def test_two_processes_committing_at_once_lose_and_corrupt_nothing(tmp_path):
    table = str(tmp_path / "docs")
    commit(table, docs("seed", range(2)), run_id="seed")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    conflicts = ctx.Value("i", 0)
    n = 6
    procs = [ctx.Process(target=_writer, args=(table, w, n, barrier, conflicts)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(240)
        assert p.exitcode == 0
    assert conflicts.value > 0  # the writers did collide, and retried
    hist = tbl.history(table)
    assert sorted(hist) == list(range(1 + 2 * n))  # contiguous, one version per commit
    runs = [hist[v]["medcorpus"]["run_id"] for v in sorted(hist)]
    assert sorted(runs) == sorted(["seed"] + [f"w{w}-{k}" for w in (1, 2) for k in range(n)])  # nothing lost
    for v, entry in hist.items():
        meta = entry["medcorpus"]
        frame = pl.scan_delta(table, version=v).collect()
        # every version is exactly its own run's shard: counts intact, no mix of two runs
        assert frame.height == meta["counts"]["kept"]
        assert set(frame["source"]) == set(meta["counts"]["by_source"])
        files = DeltaTable(table, version=v).file_uris()
        assert len(files) == 1 and meta["run_id"] in files[0]


@pytest.mark.slow
def test_a_commit_that_keeps_losing_fails_cleanly(tmp_path):
    """With one attempt, a writer that loses the race raises CommitConflictError and
    commits nothing; every version in the table is still whole."""
    table = str(tmp_path / "docs")
    commit(table, docs("seed", range(2)), run_id="seed")
    ctx = multiprocessing.get_context("spawn")
    barrier, conflicts = ctx.Barrier(2), ctx.Value("i", 0)
    procs = [ctx.Process(target=_writer, args=(table, w, 6, barrier, conflicts, 1)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(240)
        assert p.exitcode == 0
    hist = tbl.history(table)
    assert sorted(hist) == list(range(len(hist)))
    assert len(hist) == 1 + 12 - conflicts.value  # each lost race is exactly one missing commit
    for v, entry in hist.items():
        assert pl.scan_delta(table, version=v).collect().height == entry["medcorpus"]["counts"]["kept"]


def test_the_ecosystems_readers_read_a_pulled_version(fixture_corpus, tmp_path, monkeypatch):
    """A version built with every stage (quality signals, deid spans, language mix, dedup) reads in
    Hugging Face datasets, polars, duckdb (through deltalake) and pyarrow: no Arrow map types."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # local files only; never the hub
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets as hf  # heavy, test-only: the readers trainers use
    import duckdb
    import pyarrow.dataset as pads
    from deltalake import DeltaTable

    from medcorpus.pipelines.build import build
    from medcorpus.pipelines.config import load_config
    from tests.conftest import fixture_config

    root, _ = fixture_corpus
    table = tmp_path / "docs"
    kept = build(load_config(fixture_config(root, table)), ["--direct_running_mode=in_memory"]).summary["counts"]["kept"]
    out = tmp_path / "pulled"
    ds.pull(str(table), str(out))
    files = sorted(str(p) for p in out.glob("*.parquet"))

    hf_rows = hf.load_dataset("parquet", data_files=files, split="train", cache_dir=str(tmp_path / "hf"))
    assert hf_rows.num_rows == kept
    scored = [r for r in hf_rows if r["quality"]]
    assert scored and all({"name", "value"} <= set(s) for s in scored[0]["quality"]["signals"])
    assert pl.read_parquet(files).height == kept
    assert pads.dataset(files).count_rows() == kept
    arrow = DeltaTable(str(table)).to_pyarrow_dataset()  # noqa: F841 - duckdb scans it by its name
    assert duckdb.sql("select count(*) from arrow").fetchall() == [(kept,)]
