"""The medcorpus table: where a run's files live, which versions exist, and how one is committed.

A medcorpus table is a Delta table whose commits carry the run summary under the commit
metadata key ``medcorpus``. Beside the Delta log, under ``_medcorpus/`` (an underscore folder
Delta and ``vacuum`` leave alone), live one folder per run (``runs/<run_id>/``: staged
manifests, stage reports, the dedup index, the summary, the reports) and the tags file.
This module is the only place that knows that layout; writers, readers, dedup and the pack
job call it.

Each documents version records its validation result (``validation.status``: ``passed`` or
``failed``); a failed version is committed so nothing is lost, but ``resolve`` refuses it
unless asked explicitly (``allow_invalid``). Versions committed before the validation gate
existed read as ``not validated`` and are not refused.

Object stores: ``storage_options`` go to deltalake; the small JSON files under
``_medcorpus/`` are read and written with Beam's FileSystems (gs:// needs the ``gcp`` extra).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pyarrow as pa

RUNS_DIR = "_medcorpus/runs"
TAGS_PATH = "_medcorpus/tags.json"
TAG_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,99}$")
# a version's validation status (the gate writes the first three; older versions read as the last)
PASSED, FAILED, SKIPPED, NOT_VALIDATED = "passed", "failed", "skipped", "not validated"
COMMIT_ATTEMPTS = 8


class DatasetError(Exception):
    """A request about a dataset that cannot be served; the message says what to do."""


class NotAMedcorpusTable(DatasetError):
    pass


class VersionNotFound(DatasetError):
    pass


class TagNotFound(DatasetError):
    pass


class InvalidVersionError(DatasetError):
    """The version failed validation; pass allow_invalid=True (--allow-invalid) to read it anyway."""


class CommitConflictError(RuntimeError):
    """Another writer kept committing to the same table; this run's shards stay staged."""


class StorageError(RuntimeError):
    """Writing to the table's storage failed for a reason other writers do not cause (a full disk, a
    read-only folder): never retried; nothing was committed. ``users_path``: the path itself cannot be
    written (permissions, a read-only file system, a file where a folder should be), as opposed to a
    failure of the run (a full disk)."""

    def __init__(self, message: str, users_path: bool):
        super().__init__(message)
        self.users_path = users_path


# the path given cannot be written: the user's to fix, unlike a full disk
PATH_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST}
# deltalake reports local I/O errors as text: "... (os error 28)" or "Os { code: 28, ... }"
_OS_CODE = re.compile(r"os error (\d+)|Os \{ code: (\d+)")


# --------------------------------------------------------------------------- layout

def _filesystems():
    # Beam's FileSystems knows gs:// and other object stores; imported only for those, so readers
    # of a local version (open_dataset) do not pay for Beam
    from apache_beam.io.filesystems import FileSystems

    return FileSystems


def _is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def local_uri(uri: str) -> str:
    """Plain paths for local files: Beam's FileSystems and os know no file:// URIs."""
    return uri[len("file://"):] if uri.startswith("file://") else uri


def table_path(table: str, *parts: str) -> str:
    table = local_uri(table).rstrip("/")
    return _filesystems().join(table, *parts) if _is_remote(table) else os.path.join(table, *parts)


def run_dir(table: str, run_id: str) -> str:
    """Everything one run stages and reports: manifests, stage reports, summary, reports."""
    return table_path(table, RUNS_DIR, run_id)


def dedup_index_dir(table: str, run_id: str) -> str:
    """The signatures the dedup stage persisted with a run's kept documents."""
    return table_path(table, RUNS_DIR, run_id, "dedup")


def parked_dir(table: str, run_id: str, stage: str | None = None) -> str:
    """The documents a run's stages park in files (``transforms.parking``), by stage; removed when the
    run ends."""
    return table_path(table, RUNS_DIR, run_id, "parked", *((stage,) if stage else ()))


def save_json(path: str, obj: Any) -> None:
    body = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode()
    if _is_remote(path):
        with _filesystems().create(path) as f:
            f.write(body)
        return
    os.makedirs(os.path.dirname(local_uri(path)) or ".", exist_ok=True)
    with open(local_uri(path), "wb") as f:
        f.write(body)


def load_json(path: str) -> Any:
    if _is_remote(path):
        with _filesystems().open(path) as f:
            return json.loads(f.read())
    with open(local_uri(path), "rb") as f:
        return json.loads(f.read())


def exists(path: str) -> bool:
    return _filesystems().exists(path) if _is_remote(path) else os.path.exists(local_uri(path))


# --------------------------------------------------------------------------- history

def is_table(table: str, storage_options: dict[str, str] | None = None) -> bool:
    from deltalake import DeltaTable  # heavy: only where a table is read

    return DeltaTable.is_deltatable(table, storage_options=storage_options)


def latest_version(table: str, storage_options: dict[str, str] | None = None) -> int | None:
    from deltalake import DeltaTable  # heavy: only where a table is read

    if not DeltaTable.is_deltatable(table, storage_options=storage_options):
        return None
    return DeltaTable(table, storage_options=storage_options).version()


def commit_history(table: str, storage_options: dict[str, str] | None = None) -> dict[int, dict[str, Any]]:
    """version -> {"timestamp", "operation", "medcorpus": the run summary commit_version stored
    (parsed; {} for commits that carry none)}, oldest first."""
    from deltalake import DeltaTable  # heavy: only where a table is read

    out: dict[int, dict[str, Any]] = {}
    for entry in DeltaTable(table, storage_options=storage_options).history():
        try:
            meta = json.loads(entry.get("medcorpus") or "{}")
        except ValueError:
            meta = {}
        out[entry["version"]] = {"timestamp": entry.get("timestamp"), "operation": entry.get("operation"),
                                 "medcorpus": meta}
    return dict(sorted(out.items()))


def _require_delta(table: str, storage_options: dict[str, str] | None) -> None:
    if not is_table(table, storage_options):
        raise NotAMedcorpusTable(
            f"{table} is not a Delta table (no _delta_log there). A medcorpus table is the output.table of a "
            "corpus config, written by `medcorpus build --config CONFIG`; check the path"
            + (" and storage_options" if "://" in table and not table.startswith("file://") else "") + ".")


def history(table: str, storage_options: dict[str, str] | None = None) -> dict[int, dict[str, Any]]:
    """``commit_history`` of a medcorpus documents table.

    Raises NotAMedcorpusTable when the table holds no medcorpus documents versions."""
    _require_delta(table, storage_options)
    out = commit_history(table, storage_options)
    kinds = {e["medcorpus"].get("kind") for e in out.values()}
    if "documents" not in kinds:
        if "rejects" in kinds:
            docs = next((e["medcorpus"].get("documents_table") for e in out.values()
                         if e["medcorpus"].get("documents_table")), "the documents table")
            raise NotAMedcorpusTable(
                f"{table} is a medcorpus rejects table (every record a run did not keep); trainers read the "
                f"documents table {docs}. To review rejects, read it with polars.scan_delta({table!r}).")
        raise NotAMedcorpusTable(
            f"{table} is a Delta table but not a medcorpus documents table (no commit carries medcorpus run "
            "metadata). Build one with `medcorpus build --config CONFIG`, or read it with polars.scan_delta.")
    return out


def validation_status(meta: dict[str, Any]) -> str:
    return (meta.get("validation") or {}).get("status") or NOT_VALIDATED


def iso_time(ms: int | None) -> str:
    if ms is None:
        return ""
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).isoformat(timespec="seconds")


def version_run_id(table: str, version: int | None, storage_options: dict[str, str] | None = None
                   ) -> tuple[int, str] | None:
    """(version, run_id) of a committed version (the latest when None); None if there is no table."""
    if not is_table(table, storage_options):
        return None
    hist = commit_history(table, storage_options)
    wanted = max(hist) if version is None else version
    if hist.get(wanted, {}).get("medcorpus", {}).get("run_id"):
        return wanted, hist[wanted]["medcorpus"]["run_id"]
    raise ValueError(f"version {wanted} of {table} has no medcorpus run metadata")


# --------------------------------------------------------------------------- tags

def read_tags(table: str) -> dict[str, dict[str, Any]]:
    path = table_path(table, TAGS_PATH)
    if not exists(path):
        return {}
    return load_json(path).get("tags", {})


def write_tags(table: str, tags: dict[str, dict[str, Any]]) -> None:
    """Replace the tags file atomically: a temporary file renamed over it locally, one object PUT
    on an object store. Two people tagging at the same instant: the last write wins."""
    body = json.dumps({"tags": dict(sorted(tags.items()))}, indent=1, sort_keys=True).encode()
    path = table_path(table, TAGS_PATH)
    if _is_remote(path):
        with _filesystems().create(path) as f:  # an object PUT is atomic
            f.write(body)
        return
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tags-", suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)  # atomic: readers see the old file or the new one
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def os_error_code(exc: BaseException) -> int | None:
    """The errno behind an OSError or a deltalake error that wraps one, else None."""
    if isinstance(exc, OSError) and exc.errno:
        return exc.errno
    match = _OS_CODE.search(str(exc))
    return int(match.group(1) or match.group(2)) if match else None


def storage_error(table: str, exc: BaseException, doing: str) -> StorageError:
    """One line naming the path and the cause, never the library's multi-line dump."""
    code = os_error_code(exc)
    cause = os.strerror(code).lower() if code else (str(exc).splitlines() or [type(exc).__name__])[0]
    return StorageError(f"{cause} {doing} {table}: nothing was committed", code in PATH_ERRNOS)


def ensure_writable(table: str) -> None:
    """Refuse, before a run, a local table folder that cannot be created or written (a read-only
    folder or file system, a file in the way): the run would only fail at its commit. Probes the
    folder, or its nearest existing parent, with a temporary file; creates nothing that stays."""
    if _is_remote(table):
        return  # object stores: credentials and buckets are checked by the commit itself
    folder = os.path.abspath(local_uri(table))
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    try:
        if not os.path.isdir(folder):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), folder)
        fd, probe = tempfile.mkstemp(prefix=".medcorpus-write-check-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StorageError(f"cannot write to {table}: {os.strerror(exc.errno).lower() if exc.errno else exc}; "
                           "choose a writable output.table (and output.rejects_table). Nothing was run.",
                           exc.errno in PATH_ERRNOS) from None


def no_tag_message(table: str, tag: str, tags: dict[str, Any]) -> str:
    known = ", ".join(f"{n} -> {t['version']}" for n, t in sorted(tags.items())) or "none yet"
    return (f"no tag {tag!r} on {table} (tags: {known}). List versions with `medcorpus versions {table}`; "
            f"create a tag with `medcorpus tag {table} --version N {tag}`.")


def no_version_message(table: str, version: int, hist: dict[int, Any]) -> str:
    versions = sorted(hist)
    return (f"{table} has no version {version}: its versions are {versions[0]}..{versions[-1]}. "
            f"See `medcorpus versions {table}`.")


# --------------------------------------------------------------------------- resolving

@dataclass
class Resolved:
    table: str
    version: int
    tag: str | None
    metadata: dict[str, Any]
    timestamp: str

    @property
    def validation(self) -> str:
        return validation_status(self.metadata)


def resolve(table: str, version: int | None = None, tag: str | None = None, *, allow_invalid: bool = False,
            storage_options: dict[str, str] | None = None) -> Resolved:
    """The documents version a request names: ``version`` (negative counts back from the latest),
    else ``tag``, else the latest. A version that failed validation raises InvalidVersionError
    unless ``allow_invalid``: every reader (open_dataset, pull, pack, train-tokenizer) goes
    through here, so the gate protects them all."""
    if version is not None and tag is not None:
        raise DatasetError("give a version or a tag, not both")
    hist = history(table, storage_options)
    if tag is not None:
        tags = read_tags(table)
        if tag not in tags:
            raise TagNotFound(no_tag_message(table, tag, tags))
        version = tags[tag]["version"]
    if version is None:
        version = max(hist)
    if version < 0:
        version = max(hist) + 1 + version  # -1: the latest, -2: the one before
    if version not in hist:
        raise VersionNotFound(no_version_message(table, version, hist))
    meta = hist[version]["medcorpus"]
    if meta.get("kind") not in (None, "documents"):
        raise NotAMedcorpusTable(f"version {version} of {table} is not a medcorpus documents version")
    resolved = Resolved(table, version, tag, meta, iso_time(hist[version]["timestamp"]))
    if resolved.validation == FAILED and not allow_invalid:
        failed = (meta.get("validation") or {}).get("failed") or []
        valid = [v for v, e in hist.items() if v < version and validation_status(e["medcorpus"]) != FAILED]
        hint = f" The latest earlier version that did not fail is {valid[-1]}." if valid else ""
        raise InvalidVersionError(
            f"version {version} of {table} failed validation ({len(failed)} failed expectation(s): "
            f"{', '.join(failed[:5])}{' ...' if len(failed) > 5 else ''}); it is kept for inspection but not "
            f"published as valid.{hint} Pass allow_invalid=True (CLI: --allow-invalid) to read it anyway; "
            f"its dataset card says what failed{': ' + meta['dataset_card'] if meta.get('dataset_card') else ''}.")
    return resolved


# --------------------------------------------------------------------------- commit

def commit_version(table: str, schema: pa.Schema, shards: list[dict[str, Any]], metadata: dict[str, Any],
                   name: str, storage_options: dict[str, str] | None = None, *,
                   attempts: int = COMMIT_ATTEMPTS, append_to: int | None | Literal[False] = False) -> int:
    """Register the staged shards as ONE new version that replaces the previous one, or, with
    ``append_to`` (the version the run read, None for a table that did not exist yet), one that holds
    that version's files and these shards.

    Concurrent writers: Delta's optimistic concurrency refuses a commit whose snapshot
    another writer changed ("a concurrent transaction deleted data this operation read"),
    or a second create of the same table. Then the table is re-read and the same shards
    are committed on top of the new latest version, up to ``attempts`` times with a
    jittered back-off; the version number is the one that finally succeeded. A version is
    always exactly one run's shards: a retried overwrite removes the files of the version
    it now replaces, never merges two runs. After the last attempt it raises
    ``CommitConflictError`` and nothing is committed (the shards stay staged, unreferenced).
    Only conflicts are retried: a full disk, a read-only folder or any other storage error raises
    ``StorageError`` at once, one line naming the table and the cause.

    An append is never retried on top of another writer's version: the run deduplicated against
    ``append_to``, and documents committed since were not seen. It raises ``CommitConflictError``.
    """
    # heavy: only the launcher commits
    from deltalake import DeltaTable, Schema
    from deltalake.exceptions import CommitFailedError, DeltaError
    from deltalake.transaction import AddAction, CommitProperties, create_table_with_add_actions

    append = append_to is not False
    now_ms = int(time.time() * 1000)
    actions = [AddAction(s["path"], s["size"], {}, now_ms, True, s["stats"]) for s in shards]
    # no silent rebase inside deltalake: every retry starts from a fresh snapshot here
    props = CommitProperties(custom_metadata={"medcorpus": json.dumps(metadata, ensure_ascii=False, sort_keys=True)},
                             max_commit_retries=0)
    last: Exception | None = None
    for attempt in range(1 if append else attempts):
        try:
            if append and append_to is not None:  # on the snapshot the run read: fails if the table moved
                DeltaTable(table, version=append_to, storage_options=storage_options).create_write_transaction(
                    actions, mode="append", schema=schema, commit_properties=props)
            elif not append and DeltaTable.is_deltatable(table, storage_options=storage_options):
                DeltaTable(table, storage_options=storage_options).create_write_transaction(
                    actions, mode="overwrite", schema=schema, commit_properties=props)
            else:
                create_table_with_add_actions(table, Schema.from_arrow(schema), actions, mode="error",
                                              name=name, commit_properties=props, storage_options=storage_options)
        except (CommitFailedError, DeltaError, OSError) as exc:
            if not _is_conflict(exc):
                raise storage_error(table, exc, "writing") from None
            if append:
                raise CommitConflictError(
                    f"{table} moved from version {append_to} to {latest_version(table, storage_options)} "
                    f"while this run deduplicated against {append_to}: appending would skip the documents "
                    "committed since. Nothing was committed; run the build again.") from None
            last = exc
            time.sleep(random.uniform(0.05, 0.25) * (attempt + 1))
            continue
        if append:  # one attempt on a known snapshot, no retries: it landed right after it
            return 0 if append_to is None else append_to + 1
        return _version_with_run(table, metadata.get("run_id"), storage_options)
    raise CommitConflictError(
        f"could not commit to {table} after {attempts} attempts: other writers kept committing to it "
        f"(last error: {str(last).splitlines()[0] if last else '?'}). Nothing was committed by this run; "
        "run the build again.")


def _is_conflict(exc: BaseException) -> bool:
    """Another writer got there first: a commit on a stale snapshot, or a create that lost the race."""
    from deltalake.exceptions import CommitFailedError  # heavy: only the launcher commits

    code = os_error_code(exc)
    if code is not None:  # a commit error may wrap an I/O error (a full disk): only "exists" is a race
        return code == errno.EEXIST
    return isinstance(exc, CommitFailedError) or "already exists" in str(exc)


def _version_with_run(table: str, run_id: str | None, storage_options: dict[str, str] | None) -> int:
    """The version this run just committed: the newest one carrying its run_id (another
    writer may already have committed on top of it)."""
    hist = commit_history(table, storage_options)
    if run_id is not None:
        for version in sorted(hist, reverse=True):
            if hist[version]["medcorpus"].get("run_id") == run_id:
                return version
    return max(hist)
