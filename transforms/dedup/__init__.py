"""Exact and MinHash near-duplicate removal: the ``Deduplicate`` stage (``stage``) and its rooms:
``text`` (normalisation, shingles), ``minhash`` (signatures, Jaccard), ``lsh`` (band hashes,
bucket pairs), ``verify`` (candidate pairs -> verified edges), ``components`` (connected
components), ``records`` (nodes as compact bytes), ``index`` (the persisted incremental index)
and ``report`` (the run summary's dedup section)."""

from medcorpus.transforms.dedup.report import format_report
from medcorpus.transforms.dedup.stage import DedupConfig, Deduplicate

__all__ = ["DedupConfig", "Deduplicate", "format_report"]
