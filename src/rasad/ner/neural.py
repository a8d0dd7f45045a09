"""A compact BiLSTM tagger (word + character-CNN + gazetteer inputs) run with plain numpy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

from rasad.entities.gazetteer import GazEntry, gazetteer, name_key

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
MAX_CHARS = 16
PAD, UNK = 0, 1
_SUFFIXES = ("_l0", "_l0_reverse")  # torch's names of the LSTM's forward and backward weights


@cache
def _blas_controller() -> ThreadpoolController:
    """The process's BLAS thread pools, found once."""
    return ThreadpoolController()


@dataclass(frozen=True)
class Vocab:
    """String → id tables of the inputs (0 is padding, 1 is unknown)."""

    words: dict[str, int]
    chars: dict[str, int]
    gaz: dict[str, int]
    cues: dict[str, int]


def gaz_tags(words: Sequence[str], matches: Sequence[tuple[int, int, GazEntry]] | None = None) -> list[str]:
    """Gazetteer membership of each token: B-/I- plus the entry type ('?' when low confidence), or ''.

    matches: the words' gazetteer.match_tokens(), when the caller has them already.
    """
    tags = [""] * len(words)
    for first, last, entry in gazetteer().match_tokens(words) if matches is None else matches:
        kind = entry.type + ("?" if entry.low_confidence else "")
        for i in range(first, last):
            tags[i] = ("B-" if i == first else "I-") + kind
    return tags


def char_units(word: str) -> list[str]:
    """The characters a word's character CNN reads: its first and last characters when it is long."""
    if len(word) <= MAX_CHARS:
        return list(word)
    half = MAX_CHARS // 2
    return list(word[:half] + word[-half:])


def encode(words: Sequence[str], vocab: Vocab) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Word ids (n), char ids (n, MAX_CHARS), gazetteer-tag ids (n) and cue ids (n) of one sentence."""
    gaz = gazetteer()
    n = len(words)
    wid = np.array([vocab.words.get(name_key(w), UNK) for w in words], dtype=np.int64)
    cid = np.zeros((n, MAX_CHARS), dtype=np.int64)
    for i, w in enumerate(words):
        units = char_units(w)
        cid[i, : len(units)] = [vocab.chars.get(c, UNK) for c in units]
    gid = np.array([vocab.gaz.get(t, UNK) if t else PAD for t in gaz_tags(words)], dtype=np.int64)
    qid = np.array([vocab.cues.get(gaz.cues.get(w) or "", PAD) for w in words], dtype=np.int64)
    return wid, cid, gid, qid


def allowed_transitions() -> np.ndarray:
    """allowed[i, j]: label j may follow label i in IOB2 (an I- continues its own type only)."""
    allowed = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            for i, prev in enumerate(LABELS):
                allowed[i, j] = prev[2:] == label[2:]
    return allowed


def viterbi(logp: np.ndarray) -> list[int]:
    """Best IOB2-valid label sequence for (n, labels) log-probabilities."""
    n = len(logp)
    if n == 0:
        return []
    allowed = allowed_transitions()
    trans = np.where(allowed, 0.0, -1e9)
    start = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in LABELS])
    score = logp[0] + start
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def viterbi_batch(logps: Sequence[np.ndarray]) -> list[list[int]]:
    """viterbi() of many sentences at once: one loop over positions for all of them."""
    lengths = [len(x) for x in logps]
    if not logps or max(lengths) == 0:
        return [[] for _ in logps]
    b, t_max, k = len(logps), max(lengths), len(LABELS)
    emit = np.zeros((b, t_max, k), dtype=np.float32)
    for i, x in enumerate(logps):
        emit[i, : len(x)] = x
    trans, start = _transition_scores()
    score = emit[:, 0] + start
    back = np.zeros((b, t_max, k), dtype=np.int64)
    active = (np.arange(t_max)[None, :] < np.asarray(lengths)[:, None])[..., None]
    rows = np.arange(b)[:, None]
    for t in range(1, t_max):
        cand = score[:, :, None] + trans  # (b, from, to)
        best = cand.argmax(axis=1)
        back[:, t] = best
        moved = cand[rows, best, np.arange(k)[None, :]] + emit[:, t]
        score = np.where(active[:, t], moved, score)  # finished sentences keep their score
    # Follow the back-pointers of all sentences together (each joins at its own last position): a Python list
    # of every back-pointer would cost more than the decoding.
    ends = score.argmax(axis=1)
    last = np.asarray(lengths) - 1
    labels = np.zeros((b, t_max), dtype=np.int64)
    current = ends.copy()
    batch = np.arange(b)
    for t in range(t_max - 1, -1, -1):
        current = np.where(last == t, ends, current)
        labels[:, t] = current
        if t > 0:
            current = np.where(last >= t, back[batch, t, current], current)
    return [row[:n] for row, n in zip(labels.tolist(), lengths, strict=True)]


@cache
def _transition_scores() -> tuple[np.ndarray, np.ndarray]:
    """IOB2 constraints as additive scores: transitions (from, to) and sentence starts."""
    trans = np.where(allowed_transitions(), 0.0, -1e9).astype(np.float32)
    start = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in LABELS], dtype=np.float32)
    return trans, start


def crf_log_marginals(emits: Sequence[np.ndarray], trans: np.ndarray, start: np.ndarray) -> list[np.ndarray]:
    """Per-token log label marginals of a linear-chain CRF (forward-backward) over each sentence's emission scores.

    trans (from, to) and start already hold the IOB2 constraints as large negative scores.
    """
    lengths = np.array([len(e) for e in emits])
    if not len(emits) or lengths.max() == 0:
        return [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in emits]
    b, t_max, k = len(emits), int(lengths.max()), trans.shape[0]
    # In probability space with each step rescaled (cheaper than log-sum-exp): shifting a token's emissions by a
    # constant does not change its marginals, and float64 keeps the smallest allowed paths above zero.
    emit = np.zeros((b, t_max, k))
    for i, e in enumerate(emits):
        emit[i, : len(e)] = e - e.max(axis=1, keepdims=True)
    weight = np.exp(emit)
    step = np.exp(trans.astype(np.float64))
    alpha = np.empty_like(weight)
    beta = np.ones_like(weight)
    alpha[:, 0] = np.exp(start.astype(np.float64)) * weight[:, 0]
    alpha[:, 0] /= alpha[:, 0].sum(axis=1, keepdims=True)
    for t in range(1, t_max):
        a = (alpha[:, t - 1] @ step) * weight[:, t]
        alpha[:, t] = a / a.sum(axis=1, keepdims=True)
    after = lengths - 1
    for t in range(t_max - 2, -1, -1):
        a = (weight[:, t + 1] * beta[:, t + 1]) @ step.T
        # A sentence's last token has nothing after it (its beta stays 1).
        beta[:, t] = np.where((t < after)[:, None], a / a.sum(axis=1, keepdims=True), 1.0)
    marginals = alpha * beta
    marginals /= marginals.sum(axis=2, keepdims=True)
    logs = np.log(np.maximum(marginals, 1e-30)).astype(np.float32)
    return [logs[i, :n] for i, n in enumerate(lengths)]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class NeuralTagger:
    """Forward pass of the trained network from its weight arrays (names follow the torch module)."""

    cache_words = 10_000  # words whose input projections are kept (2 × 4 hidden floats each)

    def __init__(self, weights: dict[str, np.ndarray], vocab: Vocab) -> None:
        self.w = w = {k: v.astype(np.float32) for k, v in weights.items()}
        self.vocab = vocab
        # torch orders the LSTM gates i, f, g, o; i, f, o, g lets one sigmoid cover three contiguous gates.
        hidden = w["lstm.weight_hh_l0"].shape[1]
        perm = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        for name in [k for k in w if k.startswith("lstm.")]:
            w[name] = np.ascontiguousarray(w[name][perm])
        self._w_ih = [w["lstm.weight_ih" + s] for s in _SUFFIXES]
        self._bias = [w["lstm.bias_ih" + s] + w["lstm.bias_hh" + s] for s in _SUFFIXES]
        self._w_hh = np.stack([w["lstm.weight_hh" + s].T for s in _SUFFIXES])  # (2, hidden, 4 hidden)
        # The gazetteer and cue inputs are the last columns of the LSTM input: project their tables once.
        n_gaz, n_cue = w["gaz.weight"].shape[1], w["cue.weight"].shape[1]
        width = self._w_ih[0].shape[1]
        self._gaz_proj = np.stack([w["gaz.weight"] @ m[:, width - n_gaz - n_cue : width - n_cue].T for m in self._w_ih])
        self._cue_proj = np.stack([w["cue.weight"] @ m[:, width - n_cue :].T for m in self._w_ih])
        # A word's embedding and character CNN give the same projection every time it occurs.
        self._word_cache: dict[str, np.ndarray] = {}

    def crf_scores(self) -> tuple[np.ndarray, np.ndarray]:
        """The CRF output layer's transition (from, to) and start scores with the IOB2 constraints added."""
        trans, start = _transition_scores()
        return self.w["crf.trans"] + np.maximum(trans, -1e4), self.w["crf.start"] + np.maximum(start, -1e4)

    @classmethod
    def from_npz(cls, data) -> NeuralTagger:
        """Load from an opened .npz archive (weights plus the vocabularies as string arrays)."""
        tables = {}
        for name in ("words", "chars", "gaz", "cues"):
            tables[name] = {s: i + 2 for i, s in enumerate(data["vocab_" + name].tolist())}
        weights = {k: data[k] for k in data.files if not k.startswith("vocab_")}
        return cls(weights, Vocab(**tables))

    def log_probs(self, sentences: Sequence[Sequence[str]], matches: Sequence | None = None) -> list[np.ndarray]:
        """(n, labels) log-probabilities for each sentence, computed as one batch (matches: see gaz_tags)."""
        if not sentences:
            return []
        # The matrices are small: BLAS threads only burn a second core (and oversubscribe batch workers).
        with _blas_controller().limit(limits=1, user_api="blas"):
            return self._log_probs(sentences, matches)

    def _log_probs(self, sentences: Sequence[Sequence[str]], matches: Sequence | None = None) -> list[np.ndarray]:
        # Longest first: at every position the sentences still running are a prefix of the batch.
        order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
        lengths = np.array([len(sentences[i]) for i in order])
        b, t_max = len(order), max(int(lengths[0]), 1)
        word_rows = self._word_rows({w for s in sentences for w in s})
        gaz = gazetteer()
        words = [w for i in order for w in sentences[i]]
        gid = [self.vocab.gaz.get(t, UNK) if t else PAD for i in order
               for t in gaz_tags(sentences[i], None if matches is None else matches[i])]
        qid = [self.vocab.cues.get(gaz.cues.get(w) or "", PAD) for w in words]
        result: list[np.ndarray] = [np.zeros((0, len(LABELS)), dtype=np.float32)] * len(sentences)
        if not words:
            return result
        hidden4 = self.w["lstm.weight_hh_l0"].shape[0]
        pre = np.zeros((2, b, t_max, hidden4), dtype=np.float32)
        rows = np.stack([word_rows[w] for w in words], axis=1) + self._gaz_proj[:, gid] + self._cue_proj[:, qid]
        batch_index = np.repeat(np.arange(b), lengths)
        position = np.concatenate([np.arange(n) for n in lengths])
        # The backward direction reads each sentence reversed, so both directions step forward together.
        mirrored = lengths[batch_index] - 1 - position
        pre[0, batch_index, position] = rows[0]
        pre[1, batch_index, mirrored] = rows[1]
        out = self._lstm(pre, lengths)
        h = np.concatenate([out[0, batch_index, position], out[1, batch_index, mirrored]], axis=-1)
        logits = h @ self.w["out.weight"].T + self.w["out.bias"]  # real tokens only, in batch order
        if "crf.trans" in self.w:
            # A CRF output layer: the label probabilities are its marginals, transitions included.
            parts = np.split(logits, np.cumsum(lengths)[:-1])
            for i, part in zip(order, crf_log_marginals(parts, *self.crf_scores()), strict=True):
                result[i] = part
            return result
        logits -= logits.max(axis=-1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
        for i, part in zip(order, np.split(logp, np.cumsum(lengths)[:-1]), strict=True):
            result[i] = part
        return result

    def _word_rows(self, words: set[str]) -> dict[str, np.ndarray]:
        """Projections of these words: cached ones reused, the others computed in one batch and cached."""
        cache = self._word_cache
        rows = {w: row for w in words if (row := cache.get(w)) is not None}  # get: safe if another thread clears
        missing = [w for w in words if w not in rows]
        if missing:
            if len(cache) + len(missing) > self.cache_words:
                cache.clear()  # bounded memory over a long run
            for w, row in zip(missing, self._word_inputs(missing).swapaxes(0, 1), strict=True):
                rows[w] = cache[w] = row
        return rows

    def _word_inputs(self, words: Sequence[str]) -> np.ndarray:
        """(2, m, 4 hidden) projections of the word embedding and character CNN of distinct words, plus the bias."""
        w = self.w
        wid = np.array([self.vocab.words.get(name_key(x), UNK) for x in words], dtype=np.int64)
        cid = np.zeros((len(words), MAX_CHARS), dtype=np.int64)
        for i, x in enumerate(words):
            units = char_units(x)
            cid[i, : len(units)] = [self.vocab.chars.get(c, UNK) for c in units]
        chars = w["char.weight"][cid]  # (m, c, e)
        m, c, e = chars.shape
        kernel = w["conv.weight"]  # torch Conv1d weight: (filters, e, k), padding k // 2
        k = kernel.shape[-1]
        pad = k // 2
        padded = np.zeros((m, c + 2 * pad, e), dtype=np.float32)
        padded[:, pad : pad + c] = chars
        conv = w["conv.bias"] + sum(padded[:, j : j + c] @ kernel[:, :, j].T for j in range(k))
        conv = np.where((cid > 0)[..., None], conv, -1e4)  # padding characters never win the max
        x = np.concatenate([w["word.weight"][wid], np.maximum(conv.max(axis=1), 0.0)], axis=-1)
        width = x.shape[1]
        return np.stack([x @ self._w_ih[d][:, :width].T + self._bias[d] for d in range(2)])

    def _lstm(self, pre: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Hidden states of both LSTM directions over a longest-first batch (direction 1 on reversed sentences)."""
        w_hh = self._w_hh
        _, b, t_max, _ = pre.shape
        hidden = w_hh.shape[1]
        h = np.zeros((2, b, hidden), dtype=np.float32)
        c = np.zeros((2, b, hidden), dtype=np.float32)
        out = np.zeros((2, b, t_max, hidden), dtype=np.float32)
        running = [int((lengths > t).sum()) for t in range(t_max)]
        for t in range(t_max):
            k = running[t]  # only these sentences reach position t
            hk, ck = h[:, :k], c[:, :k]
            gates = np.matmul(hk, w_hh)
            gates += pre[:, :k, t]
            # _sigmoid and the cell update with fewer fresh arrays. Sums and products are exact whatever the
            # memory layout, but numpy's tanh may round differently on strided input: it gets the same arrays.
            act = np.tanh(np.multiply(gates[..., : 3 * hidden], 0.5))  # input, forget and output gates
            act += 1.0
            act *= 0.5
            cell = np.tanh(gates[..., 3 * hidden :])
            cell *= act[..., :hidden]
            ck *= act[..., hidden : 2 * hidden]
            ck += cell
            np.multiply(act[..., 2 * hidden :], np.tanh(ck), out=hk)
            out[:, :k, t] = hk
        return out
