"""What trainers run on a committed version: tokenizer training and the tokenize-and-pack job.

Modules: ``job`` (pack_version, the driver), ``config`` (PackConfig), ``tokenizer``, ``stream`` (reading a
version in windows), ``packer`` and ``bfd`` (packing a window), ``backends`` (numpy / torch arrays),
``shards`` (resumable shard files), ``megatron`` (the .bin/.idx format), ``dataset`` (PackedDataset).
"""

from medcorpus.training.backends import DEVICES
from medcorpus.training.config import ALGORITHMS, PackConfig
from medcorpus.training.dataset import PackedDataset
from medcorpus.training.job import PackResult, format_pack_summary, pack_version
from medcorpus.training.megatron import read_megatron
from medcorpus.training.tokenizer import DEFAULT_SPECIAL_TOKENS, load_tokenizer, train_tokenizer

__all__ = ["ALGORITHMS", "DEFAULT_SPECIAL_TOKENS", "DEVICES", "PackConfig", "PackResult", "PackedDataset",
           "format_pack_summary", "load_tokenizer", "pack_version", "read_megatron", "train_tokenizer"]
