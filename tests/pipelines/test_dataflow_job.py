"""The Dataflow path, checked offline: Beam's --dry_run builds the job Dataflow would receive (the same
assembled graph, the workers' package built from pyproject.toml) without submitting anything."""

from __future__ import annotations

import socket

import pytest
import yaml

from medcorpus.pipelines.build import dataflow_dry_run, is_dry_run
from medcorpus.pipelines.config import load_config
from medcorpus.schemas import STAGES
from medcorpus.transforms.deid.keys import MissingKeyError
from tests.conftest import REPO, fixture_config

DATAFLOW = ["--runner=DataflowRunner", "--dry_run=true", "--project=demo-project", "--region=europe-west4",
            "--temp_location=gs://demo-bucket/tmp", "--no_auth"]


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")
    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def dataflow_config(fixture_corpus, tmp_path, key_source: str):
    root, _ = fixture_corpus
    path = fixture_config(root, tmp_path / "docs")
    config = yaml.safe_load(path.read_text())
    # mask mode: the launcher reads no surrogate key, so nothing reaches Secret Manager
    config["stages"]["deid"] = {"key_source": key_source, "mode": "mask"}
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    return load_config(path)


def test_the_dataflow_job_graph_builds_offline(fixture_corpus, tmp_path, offline):
    config = dataflow_config(fixture_corpus, tmp_path, "gcp-secret://projects/p/secrets/deid-key/versions/1")
    assert is_dry_run(DATAFLOW) and not is_dry_run(["--runner=DataflowRunner"])
    job = dataflow_dry_run(config, DATAFLOW)
    steps = job["steps"]
    # every stage of the one stage order, in that order, then the writes
    stage_steps = [s for s in steps if s.lower() in STAGES]
    assert [s.lower() for s in stage_steps] == [s for s in STAGES if s != "write"]
    assert steps.index("WriteDocuments") > steps.index(stage_steps[-1]) and "WriteRejects" in steps
    assert job["transforms"] > len(steps) and job["input_files"] == 7  # the fixture corpus: 7 files, 5 sources
    assert job["setup_file"] == str(REPO / "pyproject.toml")  # workers install this checkout
    assert not (tmp_path / "docs").exists()  # nothing written


def test_a_dataflow_dry_run_keeps_the_launch_checks(fixture_corpus, tmp_path, offline):
    config = dataflow_config(fixture_corpus, tmp_path, "env:MEDCORPUS_DEID_KEY")
    with pytest.raises(MissingKeyError, match="cannot reach DataflowRunner workers"):
        dataflow_dry_run(config, DATAFLOW)
