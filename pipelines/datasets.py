"""What trainers use: list versions, tag them, open one, pull one to a folder, diff two.

A medcorpus table is a Delta table whose commits carry the run summary under the commit
metadata key ``medcorpus`` (``kind: documents``). Each version records its validation
result (``validation.status``: ``passed`` or ``failed``); a failed version is committed
so nothing is lost and its data can be inspected, but ``open_dataset`` and ``pull``
refuse it unless asked explicitly (``allow_invalid=True``). Versions committed before
the validation gate existed read as ``not validated`` and are not refused.

Tags live in ``<table>/_medcorpus/tags.json`` (``{"tags": {name: {"version", "created"}}}``),
beside the Delta log, not in it: a tag is a pointer a person moves, not a data change, and
a Delta commit per tag would make version numbers stop meaning "one build". The file is
written atomically (a temporary file renamed over it locally; one object PUT on an object
store). Two people tagging the same table at the same instant: the last write wins.

Object stores: ``storage_options`` go to deltalake (reading the log and the data); the
small JSON files under ``_medcorpus/`` are read and written with Beam's FileSystems like
the rest of the run's artifacts (gs:// needs the ``gcp`` extra and application-default
credentials).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from typing import Any

TAGS_PATH = "_medcorpus/tags.json"
TAG_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,99}$")
PASSED, FAILED, NOT_VALIDATED = "passed", "failed", "not validated"


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


@dataclass
class VersionInfo:
    version: int
    timestamp: str
    run_id: str | None
    dataset: str | None
    input: int | None
    kept: int | None
    rejected: int | None
    duplicates_removed: int | None
    validation: str
    failed_expectations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    code_version: str | None = None
    card: str | None = None


# --------------------------------------------------------------------------- paths

def _local(uri: str) -> str:
    """Beam's FileSystems knows plain paths and gs://, not file:// URIs."""
    return uri[len("file://"):] if uri.startswith("file://") else uri


def _join(table: str, *parts: str) -> str:
    from apache_beam.io.filesystems import FileSystems

    return FileSystems.join(_local(table).rstrip("/"), *parts)


# --------------------------------------------------------------------------- history

def _require_delta(table: str, storage_options: dict[str, str] | None) -> None:
    from deltalake import DeltaTable

    if not DeltaTable.is_deltatable(table, storage_options=storage_options):
        raise NotAMedcorpusTable(
            f"{table} is not a Delta table (no _delta_log there). A medcorpus table is the output.table of a "
            "corpus config, written by `medcorpus build --config CONFIG`; check the path"
            + (" and storage_options" if "://" in table and not table.startswith("file://") else "") + ".")


def _delta(table: str, storage_options: dict[str, str] | None, version: int | None = None):
    from deltalake import DeltaTable

    _require_delta(table, storage_options)
    return DeltaTable(table, version=version, storage_options=storage_options)


def history(table: str, storage_options: dict[str, str] | None = None) -> dict[int, dict[str, Any]]:
    """version -> {"timestamp": ms, "medcorpus": parsed run summary or {}} for every version.

    Raises NotAMedcorpusTable when the table holds no medcorpus documents versions."""
    from medcorpus.transforms.write import commit_history

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


def _iso(ms: int | None) -> str:
    if ms is None:
        return ""
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).isoformat(timespec="seconds")


def list_versions(table: str, storage_options: dict[str, str] | None = None) -> list[VersionInfo]:
    hist = history(table, storage_options)
    by_version: dict[int, list[str]] = {}
    for name, tag in read_tags(table).items():
        by_version.setdefault(tag["version"], []).append(name)
    out = []
    for version, entry in hist.items():
        meta = entry["medcorpus"]
        counts = meta.get("counts") or {}
        validation = meta.get("validation") or {}
        out.append(VersionInfo(
            version=version, timestamp=_iso(entry["timestamp"]), run_id=meta.get("run_id"),
            dataset=meta.get("dataset"), input=counts.get("input"), kept=counts.get("kept"),
            rejected=counts.get("rejected"), duplicates_removed=counts.get("duplicates_removed"),
            validation=validation_status(meta), failed_expectations=list(validation.get("failed") or []),
            tags=sorted(by_version.get(version, [])), code_version=meta.get("code_version"),
            card=meta.get("dataset_card")))
    return out


# --------------------------------------------------------------------------- tags

def read_tags(table: str) -> dict[str, dict[str, Any]]:
    from apache_beam.io.filesystems import FileSystems

    path = _join(table, TAGS_PATH)
    if not FileSystems.exists(path):
        return {}
    with FileSystems.open(path) as f:
        return json.loads(f.read()).get("tags", {})


def _write_tags(table: str, tags: dict[str, dict[str, Any]]) -> None:
    body = json.dumps({"tags": dict(sorted(tags.items()))}, indent=1, sort_keys=True).encode()
    path = _join(table, TAGS_PATH)
    if "://" not in path:
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
    else:
        from apache_beam.io.filesystems import FileSystems

        with FileSystems.create(path) as f:  # an object PUT is atomic
            f.write(body)


def set_tag(table: str, name: str, version: int, *, force: bool = False,
            storage_options: dict[str, str] | None = None) -> dict[str, Any]:
    """Point tag ``name`` at ``version``; moving an existing tag needs ``force``."""
    if not TAG_PATTERN.match(name):
        raise DatasetError(f"tag {name!r} is not a valid name: start with a letter, then letters, digits, '.', '_' "
                           "or '-' (a tag that looks like a number would be confused with a version)")
    hist = history(table, storage_options)
    if version not in hist:
        raise VersionNotFound(_no_version(table, version, hist))
    tags = read_tags(table)
    old = tags.get(name)
    if old and old["version"] != version and not force:
        raise DatasetError(f"tag {name!r} already points at version {old['version']} of {table}; pass --force "
                           f"(force=True) to move it to version {version}")
    tags[name] = {"version": version, "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "run_id": hist[version]["medcorpus"].get("run_id")}
    _write_tags(table, tags)
    return tags[name]


def delete_tag(table: str, name: str) -> None:
    tags = read_tags(table)
    if name not in tags:
        raise TagNotFound(_no_tag(table, name, tags))
    del tags[name]
    _write_tags(table, tags)


def _no_tag(table: str, tag: str, tags: dict[str, Any]) -> str:
    known = ", ".join(f"{n} -> {t['version']}" for n, t in sorted(tags.items())) or "none yet"
    return (f"no tag {tag!r} on {table} (tags: {known}). List versions with `medcorpus versions {table}`; "
            f"create a tag with `medcorpus tag {table} --version N {tag}`.")


def _no_version(table: str, version: int, hist: dict[int, Any]) -> str:
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
    """The version a request names: ``version``, else ``tag``, else the latest. A version
    that failed validation raises InvalidVersionError unless ``allow_invalid``."""
    if version is not None and tag is not None:
        raise DatasetError("give a version or a tag, not both")
    hist = history(table, storage_options)
    if tag is not None:
        tags = read_tags(table)
        if tag not in tags:
            raise TagNotFound(_no_tag(table, tag, tags))
        version = tags[tag]["version"]
    if version is None:
        version = max(hist)
    if version < 0:
        version = max(hist) + 1 + version  # -1: the latest, -2: the one before
    if version not in hist:
        raise VersionNotFound(_no_version(table, version, hist))
    meta = hist[version]["medcorpus"]
    if meta.get("kind") not in (None, "documents"):
        raise NotAMedcorpusTable(f"version {version} of {table} is not a medcorpus documents version")
    resolved = Resolved(table, version, tag, meta, _iso(hist[version]["timestamp"]))
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


def open_dataset(path: str, version: int | None = None, tag: str | None = None, *, allow_invalid: bool = False,
                 storage_options: dict[str, str] | None = None):
    """A version of a medcorpus documents table as a polars LazyFrame.

    ``version`` (int; negative counts from the latest) or ``tag``; default the latest.
    Versions that failed validation are refused unless ``allow_invalid=True``. Works on
    local paths and object stores (``storage_options`` as for deltalake/polars).
    """
    import polars as pl

    resolved = resolve(path, version, tag, allow_invalid=allow_invalid, storage_options=storage_options)
    return pl.scan_delta(path, version=resolved.version, storage_options=storage_options or None)


# --------------------------------------------------------------------------- pull

def _sha256(uri: str) -> tuple[str, int]:
    from apache_beam.io.filesystems import FileSystems

    h, n = hashlib.sha256(), 0
    from apache_beam.io.filesystem import CompressionTypes

    with FileSystems.open(_local(uri), compression_type=CompressionTypes.UNCOMPRESSED) as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def pull(table: str, to: str, version: int | None = None, tag: str | None = None, *, allow_invalid: bool = False,
         storage_options: dict[str, str] | None = None) -> dict[str, Any]:
    """Copy one version's Parquet shards to ``to`` with ``manifest.json`` (sha256, bytes and
    rows per shard, version, tag, run, validation, lineage) and ``SHA256SUMS``
    (``sha256sum -c SHA256SUMS`` in the folder checks them). Returns the manifest."""
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    resolved = resolve(table, version, tag, allow_invalid=allow_invalid, storage_options=storage_options)
    delta = _delta(table, storage_options, resolved.version)
    rows = {os.path.basename(p): n for p, n in zip(*(
        delta.get_add_actions(flatten=True).column(c).to_pylist() for c in ("path", "num_records")))}
    dest = _local(to)
    if "://" not in dest:
        os.makedirs(dest, exist_ok=True)
    files = []
    for uri in sorted(delta.file_uris()):
        name = os.path.basename(uri)
        out = FileSystems.join(dest, name)
        h, n = hashlib.sha256(), 0
        with FileSystems.open(_local(uri), compression_type=CompressionTypes.UNCOMPRESSED) as src, \
                FileSystems.create(out, compression_type=CompressionTypes.UNCOMPRESSED) as dst:
            while chunk := src.read(1 << 20):
                h.update(chunk)
                n += len(chunk)
                dst.write(chunk)
        files.append({"path": name, "bytes": n, "rows": rows.get(name), "sha256": h.hexdigest()})
    meta = resolved.metadata
    manifest = {
        "table": table, "version": resolved.version, "tag": resolved.tag, "committed": resolved.timestamp,
        "dataset": meta.get("dataset"), "run_id": meta.get("run_id"), "code_version": meta.get("code_version"),
        "config_sha256": meta.get("config_sha256"), "validation": meta.get("validation") or {"status": NOT_VALIDATED},
        "counts": {k: (meta.get("counts") or {}).get(k) for k in ("input", "kept", "rejected", "duplicates_removed")},
        "rows": sum(f["rows"] or 0 for f in files), "format": "parquet (zstd), schema medcorpus document",
        "files": files,
        "pulled": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    with FileSystems.create(FileSystems.join(dest, "manifest.json")) as f:
        f.write(json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    with FileSystems.create(FileSystems.join(dest, "SHA256SUMS")) as f:
        f.write("".join(f"{x['sha256']}  {x['path']}\n" for x in files).encode())
    return manifest


def verify_pull(folder: str) -> list[str]:
    """Problems with a pulled folder (missing or altered shards); [] when intact."""
    from apache_beam.io.filesystems import FileSystems

    with FileSystems.open(FileSystems.join(_local(folder), "manifest.json")) as f:
        manifest = json.loads(f.read())
    problems = []
    for entry in manifest["files"]:
        path = FileSystems.join(_local(folder), entry["path"])
        if not FileSystems.exists(path):
            problems.append(f"{entry['path']}: missing")
        elif _sha256(path)[0] != entry["sha256"]:
            problems.append(f"{entry['path']}: sha256 differs from the manifest")
    return problems


# --------------------------------------------------------------------------- diff

def diff(table: str, a: int | str, b: int | str, *, storage_options: dict[str, str] | None = None,
         sample: int = 5) -> dict[str, Any]:
    """Documents added, removed and changed (same doc_id, different text) from A to B, by
    source. A and B are versions or tags; failed versions may be compared (it is inspection)."""
    import polars as pl

    def frame(ref: int | str) -> tuple[int, pl.DataFrame]:
        r = resolve(table, *((int(ref), None) if _is_int(ref) else (None, str(ref))), allow_invalid=True,
                    storage_options=storage_options)
        df = (pl.scan_delta(table, version=r.version, storage_options=storage_options or None)
              .select("doc_id", "source", pl.col("text").hash(seed=0x6D63).alias("h")).collect())
        return r.version, df

    va, left = frame(a)
    vb, right = frame(b)
    joined = left.join(right, on="doc_id", how="full", suffix="_b", coalesce=True)
    joined = joined.with_columns(
        pl.coalesce("source_b", "source").alias("src"),
        pl.when(pl.col("h").is_null()).then(pl.lit("added"))
        .when(pl.col("h_b").is_null()).then(pl.lit("removed"))
        .when(pl.col("h") != pl.col("h_b")).then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged")).alias("change"))
    counts = joined.group_by("src", "change").len().sort("src", "change")
    by_source: dict[str, dict[str, int]] = {}
    for src, change, n in counts.iter_rows():
        by_source.setdefault(src, {"added": 0, "removed": 0, "changed": 0, "unchanged": 0})[change] = n
    totals = {k: sum(r[k] for r in by_source.values()) for k in ("added", "removed", "changed", "unchanged")}
    examples = {}
    for change in ("added", "removed", "changed"):
        examples[change] = joined.filter(pl.col("change") == change).sort("doc_id")["doc_id"].head(sample).to_list()
    return {"table": table, "a": va, "b": vb, "totals": totals, "by_source": dict(sorted(by_source.items())),
            "examples": examples}


def _is_int(ref: int | str) -> bool:
    return isinstance(ref, int) or bool(re.fullmatch(r"-?\d+", str(ref)))


def as_dict(info: VersionInfo) -> dict[str, Any]:
    return asdict(info)
