"""Language stage: language identification with fastText lid.176 and the allowed-language filter.

An explicit pass-through until its issue lands: documents go through unchanged, the
stage's annotation stays null, and the run summary names the stage a pass-through.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from medcorpus.schemas import LANGID
from medcorpus.transforms.stage import PassThrough


class LangidConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FilterLanguage(PassThrough):
    def __init__(self, config: LangidConfig):
        super().__init__(LANGID)
        self.config = config
