"""The stages the pipeline chains, by name. Their order is ``schemas.STAGES``, the one list that
the pipeline, the config's ``stages`` section, the run summary, the card and the README follow."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, create_model

from medcorpus.schemas import STAGES
from medcorpus.transforms.dedup import Deduplicate
from medcorpus.transforms.deid.stage import Deidentify
from medcorpus.transforms.langid import FilterLanguage
from medcorpus.transforms.quality import ScoreQuality
from medcorpus.transforms.stage import Stage

_BY_NAME: dict[str, type[Stage]] = {cls.name: cls for cls in (Deidentify, FilterLanguage, ScoreQuality, Deduplicate)}

# between ingest (the source) and write (the sink), in pipeline order
STAGE_CLASSES: tuple[type[Stage], ...] = tuple(_BY_NAME[name] for name in STAGES if name in _BY_NAME)


class _StagesSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# the config's `stages` section: one field per stage, in pipeline order
StagesConfig: type[BaseModel] = create_model(
    "StagesConfig", __base__=_StagesSection,
    **{cls.name: (cls.config_model, cls.config_model()) for cls in STAGE_CLASSES})
