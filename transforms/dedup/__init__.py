"""Exact and MinHash near-duplicate removal."""

from medcorpus.transforms.dedup.stage import *  # noqa: F401,F403  (split into rooms next)
