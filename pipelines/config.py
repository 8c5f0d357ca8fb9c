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
from medcorpus.transforms.ingest import IngestConfig, SourceConfig
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


def parse_config(raw: Any, base_dir: Path, source: str = "config") -> CorpusConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level, got {type(raw).__name__}")
    try:
        config = CorpusConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_format_errors(source, exc)) from None
    sources = [s.model_copy(update={"path": [_resolve(p, base_dir) for p in s.path]}) for s in config.sources]
    output = config.output.model_copy(update={
        "table": _resolve(config.output.table, base_dir),
        "rejects_table": _resolve(config.output.rejects_table, base_dir) if config.output.rejects_table else None,
    })
    return config.model_copy(update={"sources": sources, "output": output})


def load_config(path: str | os.PathLike) -> CorpusConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_config(raw, path.resolve().parent, str(path))
