"""What crosses the stage boundaries of Beam's DirectRunner (FnApiRunner), in bytes.

The FnApiRunner keeps every PCollection that crosses a fused-stage boundary (a GroupByKey, a
side input, a collection read by two stages) in the launcher's memory until the next stage has
read it. ``count_buffered_bytes()`` wraps its two buffer kinds so that every encoded element
appended to them is counted under the boundary it belongs to ("group:<GroupByKey>" or
"materialize:<PCollection>"). Measurement only: used by bench/scale_bench.py; it imports
nothing from medcorpus, so it measures older checkouts as well.
"""

from __future__ import annotations

from collections import Counter

from apache_beam.runners.portability.fn_api_runner import execution

BUFFERED_BYTES: Counter = Counter()


def count_buffered_bytes() -> Counter:
    """Patch the launcher's buffers (idempotent); returns the running byte counts."""
    if getattr(execution, "_medcorpus_counting", False):
        return BUFFERED_BYTES
    get_buffer = execution.BundleContextManager.get_buffer

    def named_get_buffer(self, buffer_id, transform_id):
        buffer = get_buffer(self, buffer_id, transform_id)
        kind, name = execution.split_buffer_id(buffer_id)
        try:
            buffer.medcorpus_boundary = f"{kind}:{name}"
        except AttributeError:
            pass  # a buffer kind with __slots__: left uncounted
        return buffer

    def counting(append):
        def wrapped(self, data):
            BUFFERED_BYTES[getattr(self, "medcorpus_boundary", "unnamed")] += len(data)
            return append(self, data)
        return wrapped

    execution.BundleContextManager.get_buffer = named_get_buffer
    execution.ListBuffer.append = counting(execution.ListBuffer.append)
    execution.GroupingBuffer.append = counting(execution.GroupingBuffer.append)
    execution._medcorpus_counting = True
    return BUFFERED_BYTES
