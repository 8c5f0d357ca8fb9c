"""Quality stage: quality signals, score and threshold.

An explicit pass-through until its issue lands: documents go through unchanged, the
stage's annotation stays null, and the run summary names the stage a pass-through.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from medcorpus.schemas import QUALITY
from medcorpus.transforms.stage import PassThrough


class QualityConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScoreQuality(PassThrough):
    def __init__(self, config: QualityConfig):
        super().__init__(QUALITY)
        self.config = config
