"""The deid HMAC key: the one place that obtains it.

Every build needs it, in mask mode too: record ids, file-name pseudonyms (ingest) and
surrogates (deid) are keyed with it, so nobody without the key can map an id back to an
MRN or a file name, and the same key gives the same ids on every rerun.

``stages.deid.key_source`` names where the key lives, never the key itself:

- ``env:NAME``: the environment variable NAME, in the process that de-identifies.
  Local runners' workers inherit the launcher's environment; remote ones (Dataflow,
  Flink, Spark, portable) do not, so a launch with such a runner is refused.
- ``gcp-secret://projects/P/secrets/S/versions/V``: a Google Secret Manager secret
  version, read with the ``gcp`` extra's client by whoever runs the DoFn (on Dataflow,
  the workers' service account needs ``roles/secretmanager.secretAccessor``).

The key is read where it is used (``DoFn.setup`` on the workers) and once at launch to
fail early; it is never put in the config, pipeline options or the pickled pipeline,
which Dataflow stores with the job. Error messages name the source, never the value.
"""

from __future__ import annotations

import os
import re
from typing import Any

ENV_SCHEME = "env:"
GCP_SECRET_SCHEME = "gcp-secret://"
DEFAULT_KEY_SOURCE = f"{ENV_SCHEME}MEDCORPUS_DEID_KEY"
MIN_KEY_BYTES = 16

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECRET_VERSION = re.compile(r"projects/[^/\s]+/secrets/[^/\s]+/versions/[^/\s]+")
# runners whose workers are processes of the launcher's machine, started with its environment
_LOCAL_RUNNERS = {"direct", "bundlebaseddirect", "switchingdirect", "fnapi", "prism", "interactive"}
_SOURCE_FORMS = f"{ENV_SCHEME}NAME or {GCP_SECRET_SCHEME}projects/P/secrets/S/versions/V"


class MissingKeyError(RuntimeError):
    """The surrogate key cannot be obtained from its source: a user's set-up, not a bug."""


def check_key_source(source: str) -> str:
    """``source`` when it is a well-formed key source; ValueError (for the config) otherwise."""
    if source.startswith(ENV_SCHEME) and _ENV_NAME.fullmatch(source[len(ENV_SCHEME):]):
        return source
    if source.startswith(GCP_SECRET_SCHEME) and _SECRET_VERSION.fullmatch(source[len(GCP_SECRET_SCHEME):]):
        return source
    raise ValueError(f"key_source {source!r} is not {_SOURCE_FORMS}")


def runner_kind(runner: str) -> str:
    """``runner`` as Beam's --runner takes it (DirectRunner, direct, a dotted path) reduced to its kind:
    "direct", "dataflow", "prism" ..."""
    return runner.rsplit(".", 1)[-1].lower().removesuffix("runner")


def is_local_runner(runner: str) -> bool:
    """Whether ``runner`` runs its workers on this machine, in this environment."""
    return runner_kind(runner) in _LOCAL_RUNNERS


def refuse_unreachable_key(source: str, runner: str, environment_type: str | None = None) -> None:
    """At launch: refuse a run whose workers could not read the key (ingest keys the ids in
    every mode), before anything runs. LOOPBACK workers run inside the launcher, whatever the runner."""
    in_launcher = (environment_type or "").upper() == "LOOPBACK"
    if source.startswith(ENV_SCHEME) and not (is_local_runner(runner) or in_launcher):
        raise MissingKeyError(
            f"stages.deid.key_source {source} cannot reach {runner} workers: the workers do not get the "
            f"launcher's environment: use key_source: {GCP_SECRET_SCHEME}projects/P/secrets/S/versions/V")


def deid_key(source: str) -> bytes:
    """The key from ``source``, at least 16 bytes: ids, file pseudonyms and surrogates are keyed with it."""
    if source.startswith(GCP_SECRET_SCHEME):
        key = _secret_version(source[len(GCP_SECRET_SCHEME):])
        if len(key) < MIN_KEY_BYTES:
            raise MissingKeyError(f"a build needs a key of at least {MIN_KEY_BYTES} bytes; the secret "
                                  f"{source} holds fewer")
        return key
    name = source[len(ENV_SCHEME):]
    key = os.environ.get(name, "").encode()
    if len(key) < MIN_KEY_BYTES:
        raise MissingKeyError(f"a build needs a secret of at least {MIN_KEY_BYTES} characters in ${name}: ids, "
                              f"file names and surrogates are keyed with it, in mask mode too (export "
                              f"{name}=$(openssl rand -hex 32), kept in your secret store: the same key gives "
                              "the same ids)")
    return key


def surrogate_key(source: str, mode: str) -> bytes:
    """The key from ``source`` in surrogate mode; b"" in mask mode, whose masks need no key."""
    return deid_key(source) if mode == "surrogate" else b""


def _secret_manager_client() -> Any:
    from google.cloud import secretmanager  # heavy and optional: the gcp extra

    return secretmanager.SecretManagerServiceClient()


def _secret_version(name: str) -> bytes:
    """The payload of Secret Manager version ``name``, without the trailing newline that
    `echo KEY | gcloud secrets versions add --data-file=-` leaves (so it equals the env form)."""
    try:
        payload = _secret_manager_client().access_secret_version(request={"name": name}).payload.data
    except ImportError:
        raise MissingKeyError(f"key_source {GCP_SECRET_SCHEME}{name} needs the Secret Manager client: "
                              "pip install 'medcorpus[gcp]'") from None
    except Exception as exc:  # permission, not found, no credentials...: the type says which, the value stays out
        raise MissingKeyError(f"cannot read the surrogate key secret {name}: {type(exc).__name__} (the "
                              "launcher and the workers' service account need roles/secretmanager.secretAccessor "
                              "on it)") from None
    return bytes(payload).rstrip(b"\r\n")
