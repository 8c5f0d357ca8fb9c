"""Deduplication stage: exact and MinHash/LSH near-duplicate removal.

An explicit pass-through until its issue lands: documents go through unchanged, the
stage's annotation stays null, and the run summary names the stage a pass-through.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from medcorpus.schemas import DEDUP
from medcorpus.transforms.stage import PassThrough


class DedupConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deduplicate(PassThrough):
    def __init__(self, config: DedupConfig):
        super().__init__(DEDUP)
        self.config = config
