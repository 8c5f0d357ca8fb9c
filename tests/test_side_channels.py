"""No PHI through side channels, and nothing lost when the launcher dies.

A canary build plants invented PHI everywhere a user's data can carry it (text, metadata of
every JSON type and its keys, record ids, file names, records rejected at every stage,
duplicates), runs the real CLI, and searches every file the run writes (Parquet decoded,
Delta logs, JSON, HTML) and the CLI's stdout and stderr. Then: ids map back only with the
key (reveal-id), and a kill between or after the commits leaves nothing dangling.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

import medcorpus.pipelines.build as build_module
from medcorpus.pipelines.cli import main
from medcorpus.pipelines.config import load_config
from medcorpus.pipelines.workers import descendants
from medcorpus.schemas import make_doc_id, make_file_name, make_source_id
from medcorpus.table import commit_history
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier
from medcorpus.transforms.deid.surrogates import Surrogates
from tests.conftest import TEST_DEID_KEY

MEDCORPUS = Path(sys.executable).with_name("medcorpus")
KEY = TEST_DEID_KEY.encode()

# invented for this test; none is a real person or number
NAME = "Hortensia Grumbleweed"
BROTHER = "Cornelius Blatherwick"
FILE_NAME = "Wilhelmina_Quackenbosch"  # a patient's name as an export's file name
TEXT_FILE = "Barnaby Thistlewood"  # a one-record file: its name is the default id
MRN, MRN_INT, MRN_CODE = "77415093", 55019283, "Q77104382"
EMAIL = "peregrine.wobblesworth@lanternfish-mail.net"
SSN = "478-30-1926"
ZH_ID = "330106197507154426"
ZH_NAME = "司马婉清"
PHONE = "617-555-0199"
PHONE_INT = 16619052874

CANARIES = [NAME, *NAME.split(), BROTHER, *BROTHER.split(), FILE_NAME, "Quackenbosch", TEXT_FILE, "Thistlewood",
            MRN, str(MRN_INT), MRN_CODE, EMAIL, "wobblesworth", SSN, "478301926", ZH_ID, ZH_NAME, PHONE,
            "6175550199", str(PHONE_INT)]


def _write_inputs(root: Path) -> None:
    (root / "texts").mkdir(parents=True)
    note = (f"Patient {NAME} (MRN {MRN}) was seen on March 3, 2021. Call {PHONE} or email {EMAIL}. "
            f"SSN {SSN}. Her brother {BROTHER} visited. Plan: continue metformin and review in two weeks.")
    # metadata of every JSON type, identifiers in values, numbers and nested keys
    metadata = {"patient_name": NAME, "ref": MRN_INT, "code": MRN_CODE, "extra": ZH_ID,
                "contacts": [{BROTHER: f"brother, cell {PHONE}", ZH_NAME: "母亲"}], "numbers": [PHONE_INT, 7],
                "flags": {"followup": True, "weight_kg": 61.5}}
    records = [
        # ids that are identifiers: an MRN, an e-mail, an SSN, a 身份证
        {"mrn": MRN, "text": note, **metadata},
        {"mrn": EMAIL, "text": f"Mr. {BROTHER} lives at 42 Larkspur Lane. Follow up in two weeks at the clinic.",
         "patient_name": BROTHER},
        {"mrn": SSN, "text": note, **metadata},  # the same text again: dedup keeps one of the two
        {"mrn": ZH_ID, "text": "ok"},  # too short: a quality reject
        {"mrn": f"{MRN}-de", "text": "Der Patient wurde heute untersucht und klagt über Kopfschmerzen seit drei "
                                     f"Tagen. Rückruf unter {PHONE} erbeten. Die Medikation bleibt unverändert."},
        {"mrn": f"{MRN}-empty", "text": "   "},  # empty after normalisation: an ingest reject
        {"mrn": f"{MRN}-nofield", "patient_name": NAME},  # no text field: an ingest reject
        {"mrn": f"{MRN}-twice", "text": "An earlier record of this id, which the later one supersedes."},
        {"mrn": f"{MRN}-twice", "text": "A later record with the same id: the earlier one is superseded."},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(3, f'{{"mrn": "{MRN}-broken", "text": "{NAME} broken json')  # malformed: an ingest reject
    (root / f"{FILE_NAME}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "texts" / f"{TEXT_FILE}.txt").write_text(
        f"Discharge summary for {NAME}, MRN {MRN}. Discharged home in stable condition; follow up in clinic.\n",
        encoding="utf-8")


def _config(tmp_path: Path, **deid) -> Path:
    config = {
        "dataset": "side_channels",
        "sources": [
            {"name": "notes", "format": "jsonl", "path": f"in/{FILE_NAME}.jsonl", "id": "mrn", "lang": "en",
             "metadata": ["patient_name", "ref", "code", "extra", "contacts", "numbers", "flags"]},
            {"name": "texts", "format": "text", "path": "in/texts/"},
        ],
        # one-line notes pass quality; "ok" is too short for it
        "stages": {"quality": {"min_score": 0, "min_words": 5, "fragment_max_words": 0, "min_stopword_frac": 0},
                   **({"deid": deid} if deid else {})},
        "output": {"table": str(tmp_path / "out" / "docs")},
    }
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _decoded(path: Path) -> str:
    if path.suffix == ".parquet":
        return json.dumps(pq.read_table(path).to_pylist(), ensure_ascii=False, default=str)
    return path.read_bytes().decode("utf-8", errors="replace")


def _leaks(texts: dict[str, str]) -> list[tuple[str, str]]:
    return [(where, canary) for canary in CANARIES for where, text in texts.items()
            if canary.casefold() in text.casefold()]


@pytest.mark.slow
def test_no_canary_reaches_any_file_log_or_output_of_a_run(tmp_path):
    _write_inputs(tmp_path / "in")
    config_path = _config(tmp_path)
    run = subprocess.run([str(MEDCORPUS), "-v", "build", "--config", str(config_path), "--direct_num_workers=2"],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    kinds = {p.suffix for p in written}
    assert {".parquet", ".json", ".html"} <= kinds and any("_delta_log" in p.parts for p in written)
    everything = {str(p.relative_to(tmp_path)): _decoded(p) for p in written}
    everything["stdout+stderr"] = run.stdout + run.stderr
    assert not _leaks(everything), _leaks(everything)

    docs, rejects = ([r for p in (tmp_path / "out" / name).glob("part-*.parquet") for r in pq.read_table(p).to_pylist()]
                     for name in ("docs", "docs_rejects"))
    # every stage that rejects did: ingest (malformed, empty, missing field, superseded id), langid, quality, dedup
    assert {(r["stage"], r["reason"]) for r in rejects} >= {
        ("ingest", "malformed_record"), ("ingest", "empty_text"), ("ingest", "missing_field"),
        ("ingest", "duplicate_source_id"), ("langid", "language"), ("quality", "too_short"),
        ("dedup", "exact_duplicate")}
    # the ids are the keyed pseudonyms of the raw ids, and the files keyed pseudonyms of their names
    assert {d["doc_id"] for d in docs} >= {make_doc_id(KEY, "notes", EMAIL),
                                           make_doc_id(KEY, "texts", f"{TEXT_FILE}.txt")}
    assert make_source_id(KEY, "notes", EMAIL) in {d["source_id"] for d in docs}
    assert {d["provenance"]["file"] for d in docs} == {make_file_name(KEY, "notes", f"{FILE_NAME}.jsonl"),
                                                      make_file_name(KEY, "texts", f"{TEXT_FILE}.txt")}
    # metadata went through the deid path (no canary above); what is not an identifier stays
    (meta,) = [json.loads(d["metadata"]) for d in docs if d["metadata"] and "flags" in json.loads(d["metadata"])]
    assert meta["flags"] == {"followup": True, "weight_kg": 61.5} and meta["numbers"][1] == 7
    # no statistics of PHI-bearing columns in the Delta log
    for log in (tmp_path / "out").rglob("_delta_log/*.json"):
        for line in log.read_text().splitlines():
            add = json.loads(line).get("add")
            if add and add.get("stats"):
                stats = json.loads(add["stats"])
                assert not {"text", "metadata", "source_id", "detail"} & set(stats["minValues"]), log


@pytest.mark.slow
def test_reveal_id_maps_pseudonyms_back_only_with_the_key(tmp_path, monkeypatch, capsys):
    _write_inputs(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    config_path = _config(tmp_path)
    doc_id, sid = make_doc_id(KEY, "notes", EMAIL), make_source_id(KEY, "notes", SSN)
    file_name = make_file_name(KEY, "notes", f"{FILE_NAME}.jsonl")
    assert main(["reveal-id", "--config", str(config_path), doc_id, sid, file_name]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by = {line["pseudonym"]: line for line in lines}
    assert by[doc_id]["source_id"] == EMAIL and by[doc_id]["row"] == 1 and by[doc_id]["file"].endswith(".jsonl")
    assert by[sid]["source_id"] == SSN and by[file_name]["file"].endswith(f"{FILE_NAME}.jsonl")
    # another key: the same pseudonyms match nothing
    monkeypatch.setenv("MEDCORPUS_DEID_KEY", "another-key-of-enough-length")
    assert main(["reveal-id", "--config", str(config_path), doc_id]) == 1
    assert capsys.readouterr().out == ""


def test_metadata_leaves_the_deid_stage_by_one_path(deid_key):
    """Every JSON type, nested keys included, in both modes; non-identifiers stay as they were."""
    metadata = {"patient_name": NAME, "ref": MRN_INT, "code": MRN_CODE, "extra": ZH_ID, "note": f"身份证号{ZH_ID}",
                "contacts": {BROTHER: f"brother, cell {PHONE}", "next_of_kin": {"name": BROTHER}},
                "numbers": [PHONE_INT, 7], "age": 54, "flag": True, "score": 1.5, "department": "cardiology"}
    for mode in ("surrogate", "mask"):
        deidentifier = Deidentifier(DeidConfig(mode=mode))
        surrogates = Surrogates(KEY, "doc:x") if mode == "surrogate" else None
        clean = deidentifier.metadata(metadata, "en", surrogates, "clinical")
        assert not _leaks({mode: json.dumps(clean, ensure_ascii=False)}), clean
        assert (clean["age"], clean["flag"], clean["score"], clean["department"]) == (54, True, 1.5, "cardiology")
        assert clean["numbers"][1] == 7 and len(clean["contacts"]) == 2
    # a source without PHI keeps its metadata; literature keeps names but not identity numbers
    assert deidentifier.metadata(metadata, "en", None, "none") == metadata
    literature = deidentifier.metadata(metadata, "en", None, "literature")
    assert literature["patient_name"] == NAME and ZH_ID not in json.dumps(literature)


def _in_process_build(config_path: Path):
    return build_module.build(load_config(config_path), ["--direct_running_mode=in_memory"])


@pytest.mark.slow
def test_a_kill_after_or_between_the_commits_leaves_nothing_dangling(tmp_path, monkeypatch, capsys):
    _write_inputs(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    config_path = _config(tmp_path)
    _in_process_build(config_path)
    table = str(tmp_path / "out" / "docs")

    # killed right after the documents commit: the files its metadata names exist already
    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(build_module, "_card", killed)
    with pytest.raises(KeyboardInterrupt):
        _in_process_build(config_path)
    meta = commit_history(table)[1]["medcorpus"]
    named = [meta["dataset_card"], meta["deid_report"], os.path.join(os.path.dirname(meta["dataset_card"]),
                                                                       "summary.json")]
    assert all(Path(p).is_file() for p in named), named
    assert json.loads(Path(named[2]).read_text())["version"] == 1

    # killed between the rejects commit and the documents commit: an orphaned rejects version
    real_commit = build_module.commit_version

    def rejects_only(table_uri, schema, shards, metadata, **kwargs):
        if metadata["kind"] == "documents":
            raise KeyboardInterrupt
        return real_commit(table_uri, schema, shards, metadata, **kwargs)
    monkeypatch.setattr(build_module, "commit_version", rejects_only)
    with pytest.raises(KeyboardInterrupt):
        _in_process_build(config_path)
    ((version, run_id),) = build_module.orphaned_rejects(table)
    assert version == 2 and run_id not in {e["medcorpus"]["run_id"] for e in commit_history(table).values()}
    capsys.readouterr()
    assert main(["versions", table]) == 0
    assert f"rejects version 2: orphaned: run {run_id} never committed documents" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_launcher_takes_its_beam_workers_with_it(tmp_path, signum):
    """SIGTERM: the launcher ends them and removes its temporary folders; kill -9: they notice their
    launcher is gone (Beam's own control channel took about two minutes to notice)."""
    _write_inputs(tmp_path / "in")
    config_path = _config(tmp_path)
    scratch = tmp_path / "tmp"  # the run's temporary folders: what a kill -9 leaves stays in the test's folder
    scratch.mkdir()
    launcher = subprocess.Popen([str(MEDCORPUS), "build", "--config", str(config_path), "--direct_num_workers=2"],
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "TMPDIR": str(scratch)})
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2 and launcher.poll() is None:
            time.sleep(0.5)
            workers = [pid for pid in descendants(launcher.pid) if b"sdk_worker_main" in _cmdline(pid)]
        assert len(workers) >= 2, "the build started no worker processes"
        launcher.send_signal(signum)
        assert launcher.wait(timeout=30) != 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_cmdline(pid) for pid in workers):
            time.sleep(0.2)
        assert not [pid for pid in workers if _cmdline(pid)], "workers outlived the launcher"
    finally:
        if launcher.poll() is None:
            launcher.kill()
        for pid in workers:  # never leave a worker behind, even when the test fails
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert not (tmp_path / "out" / "docs" / "_delta_log").exists()
    if signum == signal.SIGTERM:
        assert sorted(p.name for p in scratch.iterdir()) == []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
