"""Exact and MinHash near-duplicate removal: the ``Deduplicate`` stage (``stage``) and its rooms:
``text`` (normalisation, shingles), ``minhash`` (signatures, Jaccard), ``lsh`` (banding, verified
edges), ``components`` (connected components), ``records`` (node order), ``index`` (the persisted
incremental index) and ``report`` (the run summary's dedup section)."""

from medcorpus.transforms.dedup.report import format_report
from medcorpus.transforms.dedup.stage import DedupConfig, Deduplicate

__all__ = ["DedupConfig", "Deduplicate", "format_report"]
