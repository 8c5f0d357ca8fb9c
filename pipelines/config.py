"""The corpus config: one YAML file, validated, with messages that say what to fix.

Relative paths in the file (sources, tables) are relative to the file's own folder,
so a config works from whatever directory the command is run in.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from medcorpus.expectations.suites import ValidationConfig
from medcorpus.pipelines.stages import StagesConfig
from medcorpus.transforms.ingest import IngestConfig, SourceConfig, glob_base
from medcorpus.transforms.ingest.readers import READERS
from medcorpus.transforms.write import OutputConfig


class CorpusConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="dataset name, recorded in every version")
    description: str = ""
    sources: list[SourceConfig] = Field(min_length=1)
    ingest: IngestConfig = IngestConfig()
    stages: StagesConfig = StagesConfig()
    output: OutputConfig
    validation: ValidationConfig = ValidationConfig()

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list) -> list:
        names = [s.name for s in sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique; repeated: {dupes}")
        return sources

    @model_validator(mode="after")
    def _append_deduplicates_against_latest(self) -> "CorpusConfig":
        dedup = self.stages.dedup
        if self.output.mode == "append" and not (dedup.enabled and dedup.against == "latest"):
            # dedup is also what keeps doc_ids unique across runs (id_in_version): no append without it
            raise ValueError("output.mode append adds the run's documents to the latest version: set "
                             "stages.dedup.against: latest (with dedup enabled) so that they are deduplicated "
                             "against it")
        return self

    @model_validator(mode="after")
    def _validation_sources_exist(self) -> "CorpusConfig":
        unknown = sorted(set(self.validation.sources) - {s.name for s in self.sources})
        if unknown:
            raise ValueError(f"validation.sources names sources that are not configured: {unknown}")
        return self

    def fingerprint(self) -> str:
        """sha256 of the validated config (defaults filled in), as recorded with each version."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class ConfigError(ValueError):
    """A config file that cannot be used; the message lists every problem."""


def _resolve(path: str, base: Path) -> str:
    if "://" in path or os.path.isabs(path):
        return path
    resolved = str((base / path).resolve())
    return resolved + "/" if path.endswith("/") else resolved


def _format_errors(source: str, exc: ValidationError) -> str:
    lines = [f"{source}: {exc.error_count()} problem(s) in the config"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see the README's config reference)"
        elif err["type"] == "union_tag_not_found":
            msg = f"'format' is required: one of {', '.join(READERS)}"
        elif err["type"] == "union_tag_invalid":
            msg = f"unknown format {err['ctx']['tag']!r}; expected one of {err['ctx']['expected_tags']}"
        lines.append(f"  - {where}: {msg}")
    return "\n".join(lines)


def _local(path: str) -> bool:
    return "://" not in path


def _norm(path: str) -> str:
    """Comparable form: symlinks and '..' resolved for local paths; object-store paths as written."""
    return os.path.realpath(path) if _local(path) else path.rstrip("/")


def _within(inner: str, outer: str) -> bool:
    """inner is outer or lies under it (both from _norm; different stores never overlap)."""
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")


def _input_root(path: str) -> str:
    """What a source path reads: a file, a folder and all below it, or a glob's base folder."""
    return glob_base(path) if any(c in path for c in "*?[") else path


def _output_path_problems(config: CorpusConfig) -> list[str]:
    """Tables that collide with each other or with the inputs: shards of two tables in one
    folder break the build; a table under an input path is read back as input next run."""
    docs, rejects = config.output.table, config.output.rejects_uri
    tables = {"output.table": docs, "output.rejects_table": rejects}
    problems = []
    if _norm(docs) == _norm(rejects):
        problems.append(f"output.rejects_table is the same path as output.table ({docs}): give the rejects a "
                        "table of their own (or leave rejects_table out: <table>_rejects)")
    elif _within(_norm(rejects), _norm(docs)) or _within(_norm(docs), _norm(rejects)):
        problems.append(f"output.table ({docs}) and output.rejects_table ({rejects}) are nested: one table "
                        "cannot hold the other")
    for key, table in tables.items():
        if _local(table) and os.path.isfile(table):
            problems.append(f"{key} ({table}) is an existing file, not a table folder")
        for src in config.sources:
            for path in src.path:
                root = _input_root(path)
                if _within(_norm(table), _norm(root)):
                    problems.append(f"{key} ({table}) is inside the input path {path} of source {src.name!r}: "
                                    "a later run would read this table as input")
                elif _within(_norm(root), _norm(table)):
                    problems.append(f"source {src.name!r} reads {path}, inside {key} ({table}): the run would "
                                    "read a table as input")
    return problems


def parse_config(raw: Any, base_dir: Path, source: str = "config") -> CorpusConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level, got {type(raw).__name__}")
    try:
        config = CorpusConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_errors(source, exc)) from None
    tables = (("output.table", config.output.table), ("output.rejects_table", config.output.rejects_table))
    empty = [key for key, v in tables if v is not None and not v.strip()]
    if empty:
        raise ConfigError(f"{source}: {' and '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty: name a "
                          "folder (local or gs://) for each table")
    sources = [s.model_copy(update={"path": [_resolve(p, base_dir) for p in s.path]}) for s in config.sources]
    output = config.output.model_copy(update={
        "table": _resolve(config.output.table, base_dir),
        "rejects_table": _resolve(config.output.rejects_table, base_dir) if config.output.rejects_table else None,
    })
    config = config.model_copy(update={"sources": sources, "output": output})
    problems = _output_path_problems(config)
    if problems:
        raise ConfigError(f"{source}: {'; '.join(problems)}")
    return config


def load_config(path: str | os.PathLike) -> CorpusConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save the config as UTF-8") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_config(raw, path.resolve().parent, str(path))
