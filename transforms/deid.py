"""De-identification stage: PHI de-identification (presidio recognizers, surrogates, span audit records).

An explicit pass-through until its issue lands: documents go through unchanged, the
stage's annotation stays null, and the run summary names the stage a pass-through.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from medcorpus.schemas import DEID
from medcorpus.transforms.stage import PassThrough


class DeidConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deidentify(PassThrough):
    def __init__(self, config: DeidConfig):
        super().__init__(DEID)
        self.config = config
