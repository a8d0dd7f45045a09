"""The numpy BiLSTM tagger: same numbers as the torch network it was trained as, valid IOB2 decoding, model file."""

from __future__ import annotations

import copy
import io
import sys
from importlib import resources as package_files
from pathlib import Path

import numpy as np
import pytest

from rasad.ner.neural import LABELS, NeuralTagger, allowed_transitions, viterbi, viterbi_batch
from rasad.stages.ner import NEURAL_FILE, Taggers, load_tagger, tag_sentences

TRAINING = Path(__file__).resolve().parents[1] / "training"


def _random_logps(seed: int, lengths: tuple[int, ...]) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [np.log(rng.dirichlet(np.ones(len(LABELS)), size=n)) for n in lengths]


def test_ner_neural_viterbi_batch_equals_one_at_a_time() -> None:
    logps = _random_logps(1, (0, 1, 5, 17, 3, 40))
    assert viterbi_batch(logps) == [viterbi(x) for x in logps]


def test_ner_neural_viterbi_never_continues_another_type() -> None:
    allowed = allowed_transitions()
    for path in viterbi_batch(_random_logps(2, (30, 30, 30, 30))):
        assert not LABELS[path[0]].startswith("I-")
        assert all(allowed[a, b] for a, b in zip(path, path[1:]))


def test_ner_neural_numpy_forward_matches_torch() -> None:
    torch = pytest.importorskip("torch")  # training-only dependency (the `train` extra)
    sys.path.insert(0, str(TRAINING))
    import ner_neural

    torch.manual_seed(0)
    rows = [
        ("آقای بهرام کاظم‌زاده دیروز در تهران گفت".split(), ["O"] * 7),
        ("سازمان ملل متحد".split(), ["B-ORG", "I-ORG", "I-ORG"]),
        (["abcdefghijklmnopqrstuvwxyz", "ب"], ["O", "O"]),  # a word longer than the character window
    ]
    vocab = ner_neural.build_vocab(rows, ["تهران"])
    net = ner_neural.make_net(vocab, 16).eval()
    *inputs, lengths, _y = ner_neural.tensors(ner_neural.encoded(rows, vocab), 0.0, np.random.default_rng(0))
    with torch.no_grad():
        expected = torch.log_softmax(net(*inputs, lengths), dim=-1).numpy()
    got = _shipped({k: v.numpy() for k, v in net.state_dict().items()}, vocab, rows)
    for i, (words, _) in enumerate(rows):
        np.testing.assert_allclose(got[i], expected[i, : len(words)], atol=1e-4)


def test_ner_neural_shipped_model_is_small_and_consistent() -> None:
    path = package_files.files("rasad.lang").joinpath("fa", NEURAL_FILE)
    if not path.is_file():
        pytest.skip("no BiLSTM model shipped: the CRF runs alone")
    assert len(path.read_bytes()) < 20_000_000
    taggers = load_tagger()
    assert taggers.neural is not None and 0.0 < taggers.crf_weight < 1.0
    w = taggers.neural.w
    assert w["word.weight"].shape[0] == len(taggers.neural.vocab.words) + 2
    assert w["out.weight"].shape[0] == len(LABELS)


def test_ner_neural_mixed_tagging_gives_valid_labels() -> None:
    taggers = load_tagger()
    sentences = [["ولادیمیر", "پوتین", "در", "مسکو", "گفت"], [], ["سازمان", "ملل", "متحد"]]
    labels = tag_sentences(taggers, sentences)
    assert [len(x) for x in labels] == [5, 0, 3]
    assert all(label in LABELS for sentence in labels for label in sentence)
    crf_alone = tag_sentences(Taggers(taggers.crf, None), sentences)
    assert [len(x) for x in crf_alone] == [5, 0, 3]


def test_ner_neural_word_cache_overflow_keeps_results() -> None:
    taggers = load_tagger()
    if taggers.neural is None:
        pytest.skip("no BiLSTM model shipped: the CRF runs alone")
    neural = copy.copy(taggers.neural)
    neural._word_cache = {}  # a fresh cache, not the shared one
    sentences = [["ولادیمیر", "پوتین", "در", "مسکو", "گفت"], ["سازمان", "ملل", "در", "نیویورک"]]
    expected = neural.log_probs(sentences)
    neural.cache_words = 3  # every call overflows the cache and clears it
    for _ in range(2):
        neural.log_probs(sentences[:1])  # some words cached, the next call's others overflow the cache
        got = neural.log_probs(sentences)
        for a, b in zip(got, expected, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-5)


def test_ner_neural_crf_marginals_match_enumeration() -> None:
    import itertools

    from rasad.ner.neural import crf_log_marginals

    rng = np.random.default_rng(3)
    k = len(LABELS)
    trans = rng.normal(size=(k, k)).astype(np.float32) + np.where(allowed_transitions(), 0.0, -1e4).astype(np.float32)
    start = rng.normal(size=k).astype(np.float32)
    emits = [rng.normal(size=(n, k)).astype(np.float32) for n in (3, 1, 0, 2)]
    got = crf_log_marginals(emits, trans, start)
    for emit, marg in zip(emits, got, strict=True):
        assert marg.shape == emit.shape
        if not len(emit):
            continue
        expected = np.zeros(emit.shape)
        for path in itertools.product(range(k), repeat=len(emit)):
            score = start[path[0]] + sum(emit[t, j] for t, j in enumerate(path))
            score += sum(trans[a, b] for a, b in zip(path, path[1:]))
            for t, j in enumerate(path):
                expected[t, j] += np.exp(score)
        expected /= expected[0].sum()
        np.testing.assert_allclose(np.exp(marg), expected, atol=1e-5)


def test_ner_neural_crf_layer_numpy_matches_torch_likelihood() -> None:
    torch = pytest.importorskip("torch")  # training-only dependency (the `train` extra)
    sys.path.insert(0, str(TRAINING))
    import ner_neural

    from rasad.ner.neural import crf_log_marginals

    torch.manual_seed(1)
    rows = [("آقای بهرام کاظم‌زاده در تهران".split(), ["O", "B-PER", "I-PER", "O", "B-LOC"]),
            ("سازمان ملل".split(), ["B-ORG", "I-ORG"])]  # fmt: skip
    vocab = ner_neural.build_vocab(rows, [])
    net = ner_neural.make_net(vocab, 8, crf=True).eval()
    with torch.no_grad():
        net.crf_trans.normal_()
    *inputs, lengths, y = ner_neural.tensors(ner_neural.encoded(rows, vocab), 0.0, np.random.default_rng(0))
    emit = net(*inputs, lengths).detach().requires_grad_(True)
    # The likelihood's gradient with respect to the emissions is (marginals - gold one-hot) / tokens.
    net.nll(emit, y).backward()
    tokens = int((y != -100).sum())
    trans, start = (x.detach().numpy() for x in net.constrained())
    got = crf_log_marginals([emit[i, : len(w)].detach().numpy() for i, (w, _) in enumerate(rows)], trans, start)
    for i, (words, labels) in enumerate(rows):
        onehot = np.eye(len(LABELS))[[LABELS.index(lab) for lab in labels]]
        expected = emit.grad[i, : len(words)].numpy() * tokens + onehot
        np.testing.assert_allclose(np.exp(got[i]), expected, atol=1e-4)
    arrays = {k.replace("crf_", "crf."): v.numpy() for k, v in net.state_dict().items()}  # as training stores them
    shipped = _shipped(arrays, vocab, rows)
    for a, b in zip(shipped, got, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-4)


def _shipped(arrays: dict, vocab, rows) -> list:
    """Log-probabilities of the numpy tagger loaded from `arrays` saved as training saves them."""
    for name in ("words", "chars", "gaz", "cues"):
        table = getattr(vocab, name)
        arrays["vocab_" + name] = np.array(sorted(table, key=table.get))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    buffer.seek(0)
    return NeuralTagger.from_npz(np.load(buffer)).log_probs([words for words, _ in rows])
