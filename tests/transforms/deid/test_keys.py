"""The surrogate key's sources: env and Secret Manager (a fake client: no network), the launch
refusals, and the key staying out of everything Dataflow stores with a job."""

from __future__ import annotations

import base64
import bz2
import socket
import sys
import tempfile
import zlib
from types import SimpleNamespace

import apache_beam as beam
import pytest
import yaml
from apache_beam.internal import pickler
from apache_beam.portability import common_urns
from apache_beam.portability.api import beam_runner_api_pb2

from medcorpus.pipelines import build as build_module
from medcorpus.pipelines.build import assemble, pipeline_options
from medcorpus.pipelines.config import ConfigError, load_config
from medcorpus.transforms.deid import keys
from medcorpus.transforms.deid.keys import MissingKeyError, is_local_runner, refuse_unreachable_key
from medcorpus.transforms.deid.stage import DeidConfig, Deidentify, _DeidentifyFn
from medcorpus.transforms.ingest import match_inputs

SECRET = "projects/acme-health/secrets/deid-key/versions/3"
SOURCE = f"gcp-secret://{SECRET}"
PAYLOAD = b"fake-secret-payload-7f3a9c0e5b21d4"


class PermissionDenied(Exception):
    """Stands in for google.api_core.exceptions.PermissionDenied."""


class FakeSecretManager:
    """The two calls keys.py makes of SecretManagerServiceClient, recorded."""

    def __init__(self, payload: bytes = PAYLOAD, error: Exception | None = None):
        self.payload, self.error, self.requests = payload, error, []

    def access_secret_version(self, request: dict):
        self.requests.append(request["name"])
        if self.error is not None:
            raise self.error
        return SimpleNamespace(payload=SimpleNamespace(data=self.payload))


@pytest.fixture
def secret_manager(monkeypatch) -> FakeSecretManager:
    fake = FakeSecretManager()
    monkeypatch.setattr(keys, "_secret_manager_client", lambda: fake)
    return fake


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the test reached for the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_gcp_secret_source_reads_the_payload(secret_manager):
    secret_manager.payload = PAYLOAD + b"\n"  # as `echo KEY | gcloud secrets versions add --data-file=-` stores it
    assert DeidConfig(key_source=SOURCE).secret_key() == PAYLOAD
    assert secret_manager.requests == [SECRET]


def test_mask_mode_reads_no_secret(secret_manager):
    assert DeidConfig(mode="mask", key_source=SOURCE).secret_key() == b""
    assert secret_manager.requests == []


def test_an_unreadable_secret_is_one_line_naming_the_path_not_the_value(secret_manager):
    secret_manager.error = PermissionDenied(f"403 denied (payload would be {PAYLOAD.decode()})")
    with pytest.raises(MissingKeyError) as raised:
        DeidConfig(key_source=SOURCE).secret_key()
    message = str(raised.value)
    assert "PermissionDenied" in message and SECRET in message and "\n" not in message
    assert PAYLOAD.decode() not in message and raised.value.__cause__ is None


def test_a_short_secret_is_refused_without_its_value(secret_manager):
    secret_manager.payload = b"tooshort"
    with pytest.raises(MissingKeyError, match="at least 16 bytes") as raised:
        DeidConfig(key_source=SOURCE).secret_key()
    assert "tooshort" not in str(raised.value)


def test_a_gcp_secret_source_without_the_client_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.cloud.secretmanager", None)  # as when the gcp extra is absent
    if "google.cloud" in sys.modules:  # an imported client is also an attribute of its package
        monkeypatch.delattr(sys.modules["google.cloud"], "secretmanager", raising=False)
    with pytest.raises(MissingKeyError, match=r"pip install 'medcorpus\[gcp\]'"):
        DeidConfig(key_source=SOURCE).secret_key()


def test_key_env_still_names_an_environment_variable(monkeypatch):
    monkeypatch.setenv("OTHER_DEID_KEY", "0123456789abcdef-other")
    config = DeidConfig(key_env="OTHER_DEID_KEY")
    assert config.key_source == "env:OTHER_DEID_KEY"
    assert config.secret_key() == b"0123456789abcdef-other"
    with pytest.raises(ValueError, match="key_source"):
        DeidConfig(key_env="OTHER_DEID_KEY", key_source=SOURCE)


@pytest.mark.parametrize("source", ["MEDCORPUS_DEID_KEY", "env:", "env:has space", "gcp-secret://deid-key",
                                    "gcp-secret://projects/p/secrets/s", "vault://kv/deid"])
def test_a_malformed_key_source_is_a_config_error(source):
    with pytest.raises(ValueError, match="env:NAME or gcp-secret://projects/P/secrets/S/versions/V"):
        DeidConfig(key_source=source)


@pytest.mark.parametrize("runner, local", [
    ("DirectRunner", True), ("direct", True), ("apache_beam.runners.direct.direct_runner.DirectRunner", True),
    ("PrismRunner", True), ("DataflowRunner", False), ("dataflow", False), ("FlinkRunner", False),
    ("PortableRunner", False), ("SparkRunner", False),
])
def test_local_runners_are_those_whose_workers_share_the_environment(runner, local):
    assert is_local_runner(runner) is local


def test_remote_runners_need_a_key_source_their_workers_can_read():
    """Ingest keys the ids in every mode: a mask run needs the key on the workers too."""
    with pytest.raises(MissingKeyError) as raised:
        refuse_unreachable_key("env:MEDCORPUS_DEID_KEY", "DataflowRunner")
    message = str(raised.value)
    assert "do not get the launcher's environment" in message and "gcp-secret://" in message
    assert "\n" not in message
    refuse_unreachable_key(SOURCE, "DataflowRunner")
    refuse_unreachable_key("env:MEDCORPUS_DEID_KEY", "DirectRunner")
    # LOOPBACK workers run in the launcher's own process (PortableRunner --job_endpoint=embed)
    refuse_unreachable_key("env:MEDCORPUS_DEID_KEY", "PortableRunner", "LOOPBACK")
    with pytest.raises(MissingKeyError):
        refuse_unreachable_key("env:MEDCORPUS_DEID_KEY", "PortableRunner", "DOCKER")


def _config(tmp_path, **deid):
    (tmp_path / "notes.jsonl").write_text('{"id": "n1", "text": "Seen by Dr. Alvarez on 03/04/2021."}\n')
    config = {"dataset": "keys", "sources": [{"name": "notes", "format": "jsonl", "path": "notes.jsonl", "lang": "en"}],
              "stages": {"deid": {"mode": "surrogate", **deid}}, "output": {"table": str(tmp_path / "docs")}}
    path = tmp_path / "corpus.yaml"
    path.write_text(yaml.safe_dump(config))
    return load_config(path)


def _unpacked(pickled: bytes) -> bytes:
    """The raw pickle inside Beam's pickler output (base64 of bz2, or zlib, compressed bytes)."""
    packed = base64.b64decode(pickled)
    return bz2.decompress(packed) if packed.startswith(b"BZh") else zlib.decompress(packed)


def _pickled_dofns(p: beam.Pipeline) -> list[bytes]:
    """Every ParDo's pickled DoFn in the pipeline proto a runner is handed, unpacked."""
    transforms = p.to_runner_api().components.transforms.values()
    payloads = [beam_runner_api_pb2.ParDoPayload.FromString(t.spec.payload).do_fn.payload
                for t in transforms if t.spec.urn == common_urns.primitives.PAR_DO.urn]
    return [_unpacked(payload) for payload in payloads if payload]


def test_a_dataflow_build_with_an_env_key_is_refused_before_anything_runs(tmp_path, monkeypatch, no_network):
    """The launcher has the key in its environment (conftest); the workers would not."""
    def must_not_run(*_args, **_kwargs):
        raise AssertionError("the build went past the launch check")

    monkeypatch.setattr(build_module, "match_inputs", must_not_run)
    monkeypatch.setattr(build_module.beam, "Pipeline", must_not_run)
    config = _config(tmp_path)
    with pytest.raises(MissingKeyError, match="do not get the launcher's environment"):
        build_module.build(config, ["--runner=DataflowRunner", "--project=p", "--region=europe-west4",
                                    "--temp_location=gs://bucket/tmp"])
    assert not (tmp_path / "docs").exists()


def test_a_config_with_a_bad_key_source_names_it(tmp_path):
    with pytest.raises(ConfigError, match="stages.deid.key_source"):
        _config(tmp_path, key_source="env:NOT A NAME")


def test_the_key_stays_out_of_options_graph_and_pickled_dofn(tmp_path, secret_manager, no_network, monkeypatch):
    """Dataflow stores the options and the pipeline (pickled DoFns included) with the job:
    the key is read at launch to fail early and again in DoFn.setup, never carried."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the pipeline is never run: its temp folder stays
    config = _config(tmp_path, key_source=SOURCE)
    options = pipeline_options(["--runner=DirectRunner"])
    p = beam.Pipeline(options=options)
    files = [f for source in config.sources for f in match_inputs(source)]
    assemble(p, config, files, "run-1")
    assert secret_manager.requests == [SECRET]  # the launch check read it once
    dofns = [d for d in _pickled_dofns(p) if b"_DeidentifyFn" in d]
    assert len(dofns) == 1 and SOURCE.encode() in dofns[0]  # the DoFn and its key's source are there...
    assert not any(PAYLOAD in d for d in _pickled_dofns(p))  # ...the key is not
    assert PAYLOAD not in p.to_runner_api().SerializeToString()
    assert PAYLOAD.decode() not in repr(options.get_all_options())

    fn = Deidentify(config.stages.deid).make_fn()
    pickled = pickler.dumps(fn)
    assert SOURCE.encode() in _unpacked(pickled) and PAYLOAD not in _unpacked(pickled)
    worker_fn = pickler.loads(pickled)
    worker_fn.setup()  # on the worker: read from Secret Manager, not from the pickle
    assert worker_fn.deidentifier.key == PAYLOAD and secret_manager.requests[-1] == SECRET
    assert len(secret_manager.requests) == 3  # launch (assemble), launch (Deidentify above), worker setup


def test_a_worker_that_cannot_read_the_secret_fails_setup_with_the_reason(secret_manager):
    fn = _DeidentifyFn(DeidConfig(key_source=SOURCE), {})
    secret_manager.error = PermissionDenied("403")
    with pytest.raises(MissingKeyError, match=f"PermissionDenied.*{SECRET}|{SECRET}.*PermissionDenied"):
        fn.setup()
