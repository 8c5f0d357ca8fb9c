"""The installed `medcorpus` command, as a user runs it."""

from __future__ import annotations

import json
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
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "1", "lang": "en", "text": "Seen by Dr. Smith.", "spans": []}) + "\n")
    short_key = subprocess.run([str(MEDCORPUS), "deid-eval", "--gold", str(gold), "--mode", "surrogate"],
                               capture_output=True, text=True, env={**env, "MEDCORPUS_DEID_KEY": "short"}, timeout=600)
    assert short_key.returncode == 2 and "MEDCORPUS_DEID_KEY" in short_key.stderr
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("dataset: caf\xe9\n".encode("latin-1"))
    bad_bytes = run("build", "--config", str(latin1))
    assert bad_bytes.returncode == 2 and "not UTF-8" in bad_bytes.stderr
    missing = run("deid", "--input", str(tmp_path / "nowhere.jsonl"), "--output", str(tmp_path / "o.jsonl"))
    assert missing.returncode == 2 and "no input file" in missing.stderr
    for result in (typo, no_key, short_key, bad_bytes, missing):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "--direct_num_workers" in run("build", "--help-beam").stdout


def test_output_piped_into_a_reader_that_left_is_no_error(tmp_path):
    """`medcorpus deid-eval ... | head -1`: once the reader has its line and exits, the rest has nowhere to go;
    that is the user's choice, not a crash (no traceback, exit 0)."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "1", "lang": "en", "text": "Seen by Dr. Smith.", "spans": []}) + "\n")
    proc = subprocess.Popen([str(MEDCORPUS), "deid-eval", "--gold", str(gold)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    proc.stdout.close()  # the reader is gone before the table is written
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0 and "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.slow
def test_build_prints_where_the_version_is(fixture_corpus, tmp_path):
    root, _ = fixture_corpus
    table = tmp_path / "docs"
    result = run("build", "--config", str(fixture_config(root, table)), "--direct_num_workers=2")
    assert result.returncode == 0, result.stderr
    assert "version 0 committed" in result.stdout
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


# --------------------------------------------------------------------------- storage errors at the commit

def test_an_unwritable_output_folder_is_refused_before_the_run(fixture_corpus, tmp_path):
    """A table path that cannot be written (here: under a file; as root, chmod would not stop a
    write) is refused in one line with exit 2 before the pipeline runs."""
    root, _ = fixture_corpus
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = run("build", "--config", str(fixture_config(root, blocker / "docs")))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"medcorpus build: cannot write to {blocker / 'docs'}: not a directory; choose a writable output.table "
        "(and output.rejects_table). Nothing was run."]


def test_a_read_only_output_folder_is_refused_by_its_probe(monkeypatch, tmp_path):
    """A folder that refuses a new file (chmod a-w for a user who is not root, a read-only mount)."""
    import errno
    import tempfile

    from medcorpus import table as tbl

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(tbl.StorageError) as raised:
        tbl.ensure_writable(str(tmp_path / "docs"))
    assert str(raised.value).startswith(f"cannot write to {tmp_path / 'docs'}: permission denied;")
    assert raised.value.users_path and not (tmp_path / "docs").exists()


def _failing_commits(monkeypatch, exc: BaseException) -> list[int]:
    """Every deltalake commit call raises ``exc``; returns the list that counts the calls."""
    import deltalake
    import deltalake.transaction

    calls: list[int] = []

    def fail(*_args, **_kwargs):
        calls.append(1)
        raise exc

    monkeypatch.setattr(deltalake.transaction, "create_table_with_add_actions", fail)
    monkeypatch.setattr(deltalake.DeltaTable, "create_write_transaction", fail)
    return calls


@pytest.mark.parametrize("exc", [
    OSError(28, "No space left on device"),
    # how deltalake reports a local I/O error: text, no errno attribute
    OSError("Generic LocalFileSystem error: Unable to copy data to file: No space left on device (os error 28)"),
])
@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_at_the_commit_fails_at_once_in_one_line(monkeypatch, tmp_path, exc, existing):
    from medcorpus import table as tbl
    from medcorpus.schemas import DOCUMENT_SCHEMA
    from tests.dataset_helpers import commit, docs

    path = str(tmp_path / "docs")
    if existing:
        commit(path, docs("a", range(2)), run_id="first")
    calls = _failing_commits(monkeypatch, exc)
    with pytest.raises(tbl.StorageError) as raised:
        tbl.commit_version(path, DOCUMENT_SCHEMA, [], {"kind": "documents", "run_id": "r"}, "t", attempts=8)
    assert len(calls) == 1  # not retried as if another writer were in the way
    assert str(raised.value) == f"no space left on device writing {path}: nothing was committed"
    assert not raised.value.users_path  # a run failure (exit 1), not the user's path


def test_a_read_only_table_at_the_commit_is_the_users_path(monkeypatch, tmp_path):
    import errno

    from medcorpus import table as tbl
    from medcorpus.schemas import DOCUMENT_SCHEMA

    calls = _failing_commits(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    with pytest.raises(tbl.StorageError, match="^read-only file system writing .*: nothing was committed$") as raised:
        tbl.commit_version(str(tmp_path / "docs"), DOCUMENT_SCHEMA, [], {"run_id": "r"}, "t")
    assert len(calls) == 1 and raised.value.users_path


def test_only_commit_conflicts_are_retried(monkeypatch, tmp_path):
    """A commit another writer beat is retried on a fresh snapshot and then lands."""
    import deltalake.transaction
    from deltalake.exceptions import CommitFailedError

    from medcorpus import table as tbl
    from tests.dataset_helpers import commit, docs

    original = deltalake.DeltaTable.create_write_transaction
    calls: list[int] = []

    def lose_twice(self, *args, **kwargs):
        calls.append(1)
        if len(calls) <= 2:
            raise CommitFailedError("Failed to commit transaction: a concurrent transaction deleted data")
        return original(self, *args, **kwargs)

    path = str(tmp_path / "docs")
    commit(path, docs("a", range(2)), run_id="first")
    monkeypatch.setattr(deltalake.DeltaTable, "create_write_transaction", lose_twice)
    assert commit(path, docs("a", range(3)), run_id="second") == 1
    assert len(calls) == 3 and tbl.history(path)[1]["medcorpus"]["run_id"] == "second"


@pytest.mark.parametrize("users_path, code", [(False, 1), (True, 2)])
def test_the_cli_prints_a_storage_error_as_one_line(monkeypatch, capsys, fixture_corpus, tmp_path, users_path, code):
    from medcorpus.pipelines import build as build_mod
    from medcorpus.pipelines.cli import main
    from medcorpus.table import StorageError

    def full(*_args, **_kwargs):
        raise StorageError(f"no space left on device writing {tmp_path}: nothing was committed", users_path)

    monkeypatch.setattr(build_mod, "build", full)
    root, _ = fixture_corpus
    assert main(["build", "--config", str(fixture_config(root, tmp_path / "docs"))]) == code
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"medcorpus build: no space left on device writing {tmp_path}: "
                                        "nothing was committed"]


# --------------------------------------------------------------------------- diff of a failed version

def test_diff_names_a_version_that_failed_validation(tmp_path):
    from tests.dataset_helpers import commit, docs

    table = str(tmp_path / "docs")
    commit(table, docs("a", range(3)), run_id="good")
    commit(table, docs("a", range(5)), run_id="bad", status="failed", failed=["documents/phi.ssn"])
    shown = run("diff", table, "0", "1")
    assert shown.returncode == 0, shown.stderr
    assert "  version 1 failed validation (documents/phi.ssn); diff shown anyway" in shown.stdout.splitlines()
    assert "version 0 failed" not in shown.stdout
    as_json = json.loads(run("diff", table, "0", "1", "--json").stdout)
    assert as_json["failed_validation"] == {"1": ["documents/phi.ssn"]} and as_json["totals"]["added"] == 2
    assert "failed validation" not in run("diff", table, "0", "0").stdout
    # reading its documents is still refused without --allow-invalid
    assert run("pull", table, "--version", "1", "--to", str(tmp_path / "out")).returncode == 3


# --------------------------------------------------------------------------- progress

def run_on_terminal(*args: str, **extra_env: str) -> tuple[int, str]:
    """The command with stderr on a pseudo-terminal, as a user at a shell sees it."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "COLUMNS": "160", **extra_env}
    proc = subprocess.Popen([str(MEDCORPUS), *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=600), b"".join(chunks).decode("utf-8", "replace")


def test_train_tokenizers_bar_counts_documents(tmp_path):
    """The trainer's bar counts documents against the version's document count (it read "259 / 1"
    when the batch count was given as its length)."""
    import re

    from tests.dataset_helpers import commit, docs

    table = str(tmp_path / "docs")
    commit(table, docs("a", range(2345), text=lambda i: f"note {i}: patient stable, follow up in {i % 7} days."))
    code, err = run_on_terminal("train-tokenizer", table, "--out", str(tmp_path / "tok.json"), "--vocab-size", "400")
    assert code == 0, err
    counts = re.findall(r"Pre-processing sequences\s+\S*\s+(\d+)\s+/\s+(\d+)", err)
    assert counts, err
    assert counts[-1] == ("2345", "2345")
    assert all(int(done) <= int(total) for done, total in counts)


def test_deid_shows_progress_on_a_terminal_and_a_summary_elsewhere(tmp_path):
    import re

    notes = tmp_path / "notes.jsonl"
    with notes.open("w") as f:
        for i in range(200):
            f.write(json.dumps({"id": i, "text": f"Seen on 03/0{i % 9 + 1}/2021 by Dr. Alan Smith, call 555-0{i:03d}."})
                    + "\n")
    key = {"MEDCORPUS_DEID_KEY": "test-only-key-0123456789abcdef"}
    code, err = run_on_terminal("deid", "--input", str(notes), "--output", str(tmp_path / "out.jsonl"), **key)
    assert code == 0, err
    live = re.findall(r"\r\x1b\[Kdeid\s+([\d.]+)% ([\d,]+) records \(0 rejected\) [\d,]+ records/s", err)
    assert live, err  # at least one live line, redrawn in place
    assert all(float(pct) <= 100 and int(n.replace(",", "")) < 200 for pct, n in live)
    last = err.rstrip().split("\r")[-1]
    assert last.startswith("\x1b[Kde-identified 200 records into") and "records/s" in last, err
    piped = subprocess.run([str(MEDCORPUS), "deid", "--input", str(notes), "--output", str(tmp_path / "o2.jsonl")],
                           capture_output=True, text=True, env={**os.environ, **key}, timeout=600)
    assert piped.returncode == 0, piped.stderr
    lines = [line for line in piped.stderr.splitlines() if "apitools" not in line]
    assert len(lines) == 1 and lines[0].startswith("de-identified 200 records into") and "\r" not in piped.stderr


def test_pull_of_a_version_from_before_the_gate_reads_not_validated(tmp_path):
    from tests.dataset_helpers import commit, docs

    table = str(tmp_path / "docs")
    commit(table, docs("a", range(2)), status=None)
    pulled = run("pull", table, "--to", str(tmp_path / "out"))
    assert pulled.returncode == 0, pulled.stderr
    assert "validation not validated" in pulled.stdout
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["validation"] == {"status": "not validated"}
