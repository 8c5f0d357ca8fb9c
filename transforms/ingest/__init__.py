"""Ingestion: format readers (``readers``) and the stage that decodes, normalises and ids records (``stage``)."""

from medcorpus.transforms.ingest.stage import *  # noqa: F401,F403
