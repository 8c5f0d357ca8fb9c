"""The array operations the packer needs, on numpy or on torch (CUDA, or the CPU for identity checks).

``pack_window`` is written once against this interface; both backends give byte-identical shards.
"""

from __future__ import annotations

import numpy as np

DEVICES = ("auto", "cpu", "cuda", "torch-cpu")


class NumpyBackend:
    """The array operations the packer needs, on numpy (int64 throughout)."""

    name = "numpy"

    def put(self, a: np.ndarray) -> np.ndarray:
        return np.asarray(a)

    def host(self, a) -> np.ndarray:
        return np.asarray(a)

    def arange(self, n: int) -> np.ndarray:
        return np.arange(n, dtype=np.int64)

    def full(self, n: int, value: int) -> np.ndarray:
        return np.full(n, value, dtype=np.int64)

    def empty_like_int32(self, n: int) -> np.ndarray:
        return np.empty(n, dtype=np.int32)

    def ones_bool(self, n: int) -> np.ndarray:
        return np.ones(n, dtype=bool)

    def ones_int64(self, n: int) -> np.ndarray:
        return np.ones(n, dtype=np.int64)

    def cumsum(self, a) -> np.ndarray:
        return np.cumsum(a, dtype=np.int64)

    def repeat(self, values, counts) -> np.ndarray:
        return np.repeat(values, counts)

    def argsort_stable(self, keys) -> np.ndarray:
        return np.argsort(keys, kind="stable").astype(np.int64, copy=False)

    def bincount(self, a, minlength: int) -> np.ndarray:
        return np.bincount(a, minlength=minlength).astype(np.int64, copy=False)

    def minimum(self, a, b) -> np.ndarray:
        return np.minimum(a, b)

    def concat(self, parts) -> np.ndarray:
        return np.concatenate(parts)

    def sort(self, a) -> np.ndarray:
        return np.sort(a, kind="stable")

    def searchsorted_right(self, sorted_a, v) -> np.ndarray:
        return np.searchsorted(sorted_a, v, side="right").astype(np.int64, copy=False)

    def nonzero(self, mask) -> np.ndarray:
        return np.flatnonzero(mask).astype(np.int64, copy=False)

    def sync(self) -> None:
        pass


class TorchBackend:
    """The same operations on torch tensors (CUDA when given, else CPU)."""

    def __init__(self, device: str = "cuda"):
        import torch  # heavy and optional (the gpu extra): only when this backend is used

        self.torch = torch
        self.device = torch.device(device)
        self.name = f"torch-{self.device.type}"

    def put(self, a: np.ndarray):
        t = self.torch.from_numpy(np.ascontiguousarray(a))
        return t.to(self.device, non_blocking=False)

    def host(self, a) -> np.ndarray:
        return a.cpu().numpy() if hasattr(a, "cpu") else np.asarray(a)

    def arange(self, n: int):
        return self.torch.arange(n, dtype=self.torch.int64, device=self.device)

    def full(self, n: int, value: int):
        return self.torch.full((n,), value, dtype=self.torch.int64, device=self.device)

    def empty_like_int32(self, n: int):
        return self.torch.empty(n, dtype=self.torch.int32, device=self.device)

    def ones_bool(self, n: int):
        return self.torch.ones(n, dtype=self.torch.bool, device=self.device)

    def ones_int64(self, n: int):
        return self.torch.ones(n, dtype=self.torch.int64, device=self.device)

    def cumsum(self, a):
        return self.torch.cumsum(a, 0, dtype=self.torch.int64)

    def repeat(self, values, counts):
        return self.torch.repeat_interleave(values, counts)

    def argsort_stable(self, keys):
        return self.torch.sort(keys, stable=True).indices

    def bincount(self, a, minlength: int):
        return self.torch.bincount(a, minlength=minlength).to(self.torch.int64)

    def minimum(self, a, b):
        return self.torch.minimum(a, b)

    def concat(self, parts):
        return self.torch.cat(list(parts))

    def sort(self, a):
        return self.torch.sort(a, stable=True).values

    def searchsorted_right(self, sorted_a, v):
        return self.torch.searchsorted(sorted_a, v, right=True).to(self.torch.int64)

    def nonzero(self, mask):
        return self.torch.nonzero(mask, as_tuple=True)[0].to(self.torch.int64)

    def sync(self) -> None:
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)


def torch_available() -> bool:
    try:
        import torch  # noqa: F401  (heavy and optional: imported only to see whether it is there)
    except ImportError:
        return False
    return True


# auto packs windows of fewer tokens on numpy even with a GPU: there the launches dominate (on an H100,
# a 155k-token window packed at 29M tokens/s on CUDA and 47M on numpy; 12.7M tokens at 207M vs 69M)
AUTO_GPU_MIN_TOKENS = 1 << 20


def select_backend(device: str = "auto"):
    """auto: torch on CUDA when torch sees a GPU (for windows of AUTO_GPU_MIN_TOKENS or more), else
    numpy. cpu: numpy. cuda: torch on CUDA (an error without one). torch-cpu: the torch code on the
    CPU (for identity checks)."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}")
    if device == "cpu" or (device == "auto" and not torch_available()):
        return NumpyBackend()
    if device == "torch-cpu":
        return TorchBackend("cpu")
    import torch  # heavy and optional (the gpu extra): only once a torch backend may be chosen

    if torch.cuda.is_available():
        return TorchBackend("cuda")
    if device == "cuda":
        raise RuntimeError("device=cuda but torch sees no CUDA device")
    return NumpyBackend()
