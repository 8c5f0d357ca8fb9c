"""What trainers use: list versions, tag them, open one, pull one to a folder, diff two.

Versions, tags and the validation gate are the table's (``medcorpus.table``): every read here
resolves through ``table.resolve``, which refuses a version that failed validation unless asked
(``allow_invalid=True``).

Tags live in ``<table>/_medcorpus/tags.json`` (``{"tags": {name: {"version", "created"}}}``),
beside the Delta log, not in it: a tag is a pointer a person moves, not a data change, and
a Delta commit per tag would make version numbers stop meaning "one build".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from medcorpus.table import (
    FAILED, NOT_VALIDATED, TAG_PATTERN, DatasetError, TagNotFound, VersionNotFound, history, iso_time, local_uri,
    no_tag_message, no_version_message, read_tags, resolve, validation_status, write_tags,
)


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
            version=version, timestamp=iso_time(entry["timestamp"]), run_id=meta.get("run_id"),
            dataset=meta.get("dataset"), input=counts.get("input"), kept=counts.get("kept"),
            rejected=counts.get("rejected"), duplicates_removed=counts.get("duplicates_removed"),
            validation=validation_status(meta), failed_expectations=list(validation.get("failed") or []),
            tags=sorted(by_version.get(version, [])), code_version=meta.get("code_version"),
            card=meta.get("dataset_card")))
    return out


# --------------------------------------------------------------------------- tags

def set_tag(table: str, name: str, version: int, *, force: bool = False,
            storage_options: dict[str, str] | None = None) -> dict[str, Any]:
    """Point tag ``name`` at ``version``; moving an existing tag needs ``force``."""
    if not TAG_PATTERN.match(name):
        raise DatasetError(f"tag {name!r} is not a valid name: start with a letter, then letters, digits, '.', '_' "
                           "or '-' (a tag that looks like a number would be confused with a version)")
    hist = history(table, storage_options)
    if version not in hist:
        raise VersionNotFound(no_version_message(table, version, hist))
    tags = read_tags(table)
    old = tags.get(name)
    if old and old["version"] != version and not force:
        raise DatasetError(f"tag {name!r} already points at version {old['version']} of {table}; pass --force "
                           f"(force=True) to move it to version {version}")
    tags[name] = {"version": version, "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "run_id": hist[version]["medcorpus"].get("run_id")}
    write_tags(table, tags)
    return tags[name]


def delete_tag(table: str, name: str) -> None:
    tags = read_tags(table)
    if name not in tags:
        raise TagNotFound(no_tag_message(table, name, tags))
    del tags[name]
    write_tags(table, tags)


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

    with FileSystems.open(local_uri(uri), compression_type=CompressionTypes.UNCOMPRESSED) as f:
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
    from deltalake import DeltaTable  # heavy: only where shards are listed

    delta = DeltaTable(table, version=resolved.version, storage_options=storage_options)
    rows = {os.path.basename(p): n for p, n in zip(*(
        delta.get_add_actions(flatten=True).column(c).to_pylist() for c in ("path", "num_records")))}
    dest = local_uri(to)
    held = (os.listdir(dest) if os.path.isdir(dest) else []) if "://" not in dest else \
        FileSystems.match([FileSystems.join(dest, "*")])[0].metadata_list
    if held:
        # shards of two versions under one folder would be read as one dataset by any glob
        raise DatasetError(f"{to} is not empty ({len(held)} entries): pull into a new or empty folder, for example "
                           f"{to.rstrip('/')}/v{resolved.version}")
    if "://" not in dest:
        os.makedirs(dest, exist_ok=True)
    files = []
    for uri in sorted(delta.file_uris()):
        name = os.path.basename(uri)
        out = FileSystems.join(dest, name)
        h, n = hashlib.sha256(), 0
        with FileSystems.open(local_uri(uri), compression_type=CompressionTypes.UNCOMPRESSED) as src, \
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

    with FileSystems.open(FileSystems.join(local_uri(folder), "manifest.json")) as f:
        manifest = json.loads(f.read())
    problems = []
    for entry in manifest["files"]:
        path = FileSystems.join(local_uri(folder), entry["path"])
        if not FileSystems.exists(path):
            problems.append(f"{entry['path']}: missing")
        elif _sha256(path)[0] != entry["sha256"]:
            problems.append(f"{entry['path']}: sha256 differs from the manifest")
    return problems


# --------------------------------------------------------------------------- diff

def diff(table: str, a: int | str, b: int | str, *, storage_options: dict[str, str] | None = None,
         sample: int = 5) -> dict[str, Any]:
    """Documents added, removed and changed (same doc_id, different text) from A to B, by
    source. A and B are versions or tags. A version that failed validation is compared, not refused:
    diff is how one inspects it, and it hands no documents to a reader (only counts and doc_ids);
    ``failed_validation`` names each such version with its failed expectations, so the output says so."""
    import polars as pl

    failed: dict[int, list[str]] = {}

    def frame(ref: int | str) -> tuple[int, pl.DataFrame]:
        r = resolve(table, *((int(ref), None) if _is_int(ref) else (None, str(ref))), allow_invalid=True,
                    storage_options=storage_options)
        if r.validation == FAILED:
            failed[r.version] = list((r.metadata.get("validation") or {}).get("failed") or [])
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
            "examples": examples, "failed_validation": {str(v): names for v, names in sorted(failed.items())}}


def failed_validation_lines(d: dict[str, Any]) -> list[str]:
    """One line per compared version that failed validation."""
    return [f"version {v} failed validation ({', '.join(names) or 'no expectation named'}); diff shown anyway"
            for v, names in d["failed_validation"].items()]


def _is_int(ref: int | str) -> bool:
    return isinstance(ref, int) or bool(re.fullmatch(r"-?\d+", str(ref)))


def as_dict(info: VersionInfo) -> dict[str, Any]:
    return asdict(info)
