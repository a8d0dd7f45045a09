"""Train the compact BiLSTM name tagger whose scores the NER stage mixes with the CRF's, reproducibly.

    python training/ner_neural.py            # rewrites src/rasad/lang/fa/ner_bilstm.bin (needs the `train` extra: torch)

Inputs per token: the word (embeddings initialized from PPMI-SVD vectors of unlabelled Persian text, the same
texts and vectors as training/ner_clusters.py), a character CNN, gazetteer membership and title cues. Training
data: the --corpora (default PEYMA train, like the CRF) normalized and tokenized as the pipeline does
(training/ner.py's pipeline view). Six epochs: PEYMA dev F1 of the BiLSTM alone rose to 0.75 by epochs 5-6. The
weights are stored as float16 numpy arrays and run at inference with numpy (rasad.ner.neural); torch is for
training only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

import ner as ner_training  # noqa: E402

from rasad.entities.gazetteer import gazetteer, name_key  # noqa: E402
from rasad.ner.neural import LABELS, MAX_CHARS, Vocab, encode, gaz_tags, viterbi  # noqa: E402
from rasad.stages.ner import spans_from_labels  # noqa: E402

OUT = REPO / "src" / "rasad" / "lang" / "fa" / "ner_bilstm.bin"  # an .npz archive under a packaged suffix
MAX_WORDS = 40_000


def load(corpora: str) -> list[tuple[list[str], list[str]]]:
    """(words, labels) of each sentence of the listed corpus/split items, in the pipeline's view."""
    readers = {"peyma": ner_training.peyma, "arman": ner_training.arman, "parstwiner": ner_training.parstwiner}
    rows = []
    for item in corpora.split(","):
        corpus, _, split = item.partition("/")
        for sentence in readers[corpus](split):
            words, labels, *_ = ner_training.pipeline_view(sentence)
            if words:
                # Types the tagger does not predict (Arman's FAC/EVENT/PRODUCT) count as no name.
                rows.append((words, [lab if lab in LABELS else "O" for lab in labels]))
    return rows


def pretrained(cache: Path | None) -> tuple[list[str], np.ndarray]:
    """Word keys and their PPMI-SVD vectors (training/ner_clusters.py), cached in --vectors-cache when given."""
    if cache is not None and cache.is_file():
        data = np.load(cache)
        return data["vocab"].tolist(), data["vec"]
    import ner_clusters

    vocab, vec = ner_clusters.vectors(ner_clusters.sentences())
    if cache is not None:
        np.savez(cache, vocab=np.array(vocab), vec=vec.astype(np.float32))
    return vocab, vec


def build_vocab(rows, pre_vocab: list[str]) -> Vocab:
    """Vocabularies: training words and the most frequent pretrained words; characters; gazetteer tags; cues."""
    counts = Counter(name_key(w) for words, _ in rows for w in words)
    words = [w for w, _ in counts.most_common() if w]
    seen = set(words)
    words += [w for w in pre_vocab if w not in seen]
    words = words[:MAX_WORDS]
    chars = Counter(c for ws, _ in rows for w in ws for c in w)
    tags = Counter(t for ws, _ in rows for t in gaz_tags(ws) if t)
    cues = sorted(set(gazetteer().cues.values()))
    return Vocab(
        words={w: i + 2 for i, w in enumerate(words)},
        chars={c: i + 2 for i, (c, n) in enumerate(chars.most_common()) if n >= 2},
        gaz={t: i + 2 for i, t in enumerate(sorted(tags))},
        cues={q: i + 2 for i, q in enumerate(cues)},
    )


def make_net(vocab: Vocab, hidden: int):
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(len(vocab.words) + 2, 96, padding_idx=0)
            self.char = nn.Embedding(len(vocab.chars) + 2, 24, padding_idx=0)
            self.conv = nn.Conv1d(24, 48, 3, padding=1)
            self.gaz = nn.Embedding(len(vocab.gaz) + 2, 8, padding_idx=0)
            self.cue = nn.Embedding(len(vocab.cues) + 2, 8, padding_idx=0)
            self.drop = nn.Dropout(0.5)
            self.lstm = nn.LSTM(96 + 48 + 16, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LABELS))

        def forward(self, wid, cid, gid, qid, lengths):
            b, t, c = cid.shape
            chars = self.char(cid).view(b * t, c, -1).transpose(1, 2)
            conv = self.conv(chars).masked_fill((cid.view(b * t, 1, c) == 0), -1e4)
            char_vec = conv.max(dim=2).values.clamp(min=0).view(b, t, -1)
            x = torch.cat([self.word(wid), char_vec, self.gaz(gid), self.cue(qid)], dim=-1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

    return Net()


def encoded(rows, vocab: Vocab) -> list[tuple[np.ndarray, ...]]:
    """Input ids and label ids of each sentence, computed once."""
    return [(*encode(words, vocab), np.array([LABELS.index(lab) for lab in labels])) for words, labels in rows]


def tensors(batch, word_dropout: float, rng: np.random.Generator):
    import torch

    t = max(len(item[0]) for item in batch)
    wid = np.zeros((len(batch), t), dtype=np.int64)
    cid = np.zeros((len(batch), t, MAX_CHARS), dtype=np.int64)
    gid = np.zeros((len(batch), t), dtype=np.int64)
    qid = np.zeros((len(batch), t), dtype=np.int64)
    y = np.full((len(batch), t), -100, dtype=np.int64)
    for i, (w, c, g, q, labels) in enumerate(batch):
        n = len(w)
        wid[i, :n], cid[i, :n], gid[i, :n], qid[i, :n], y[i, :n] = w, c, g, q, labels
    if word_dropout:
        # Unknown words at run time are common in news: teach the network to lean on characters then.
        wid[(rng.random(wid.shape) < word_dropout) & (wid > 0)] = 1
    lengths = torch.tensor([len(item[0]) for item in batch])
    return [torch.from_numpy(a) for a in (wid, cid, gid, qid)] + [lengths, torch.from_numpy(y)]


def span_f1(net, rows) -> float:
    import torch

    net.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for k in range(0, len(rows), 64):
            batch = rows[k : k + 64]
            *inputs, lengths, _y = tensors(batch, 0.0, np.random.default_rng(0))
            logp = torch.log_softmax(net(*inputs, lengths), dim=-1).numpy()
            for i, item in enumerate(batch):
                labels = [LABELS[j] for j in item[-1]]
                predicted = set(spans_from_labels([LABELS[j] for j in viterbi(logp[i, : len(labels)])]))
                gold = set(spans_from_labels(labels))
                tp += len(predicted & gold)
                fp += len(predicted - gold)
                fn += len(gold - predicted)
    net.train()
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--corpora", default="peyma/train")
    parser.add_argument("--dev", default="", help="corpus/split to report F1 on after each epoch")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--decay", type=float, default=1.0, help="learning-rate factor after each epoch")
    parser.add_argument("--threads", type=int, default=1)  # the shipped model was trained with one
    parser.add_argument("--vectors-cache", type=Path, default=None)
    args = parser.parse_args(argv)

    import torch

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    rng = random.Random(0)
    np_rng = np.random.default_rng(0)
    started = time.time()
    rows = load(args.corpora)
    dev = load(args.dev) if args.dev else []
    pre_vocab, pre_vec = pretrained(args.vectors_cache)
    vocab = build_vocab(rows, pre_vocab)
    print(f"{len(rows):,} sentences, {len(vocab.words):,} words, {len(vocab.chars):,} chars "
          f"({time.time() - started:.0f} s)", flush=True)  # fmt: skip
    data = encoded(rows, vocab)
    dev_data = encoded(dev, vocab)
    net = make_net(vocab, args.hidden)
    with torch.no_grad():
        index = {w: i for i, w in enumerate(pre_vocab)}
        scale = float(net.word.weight.std())
        for w, i in vocab.words.items():
            if w in index:
                net.word.weight[i] = torch.from_numpy(pre_vec[index[w]] * scale * np.sqrt(pre_vec.shape[1]))
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.decay)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    batches = [order[k : k + 32] for k in range(0, len(order), 32)]  # similar lengths: little padding
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(batches)
        total, done = 0.0, 0
        for ids in batches:
            *inputs, lengths, y = tensors([data[i] for i in ids], 0.05, np_rng)
            optimizer.zero_grad()
            logits = net(*inputs, lengths)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            total += float(loss.detach())
            done += 1
            if done % 50 == 0:
                print(f"  {done}/{len(batches)} batches ({time.time() - started:.0f} s)", flush=True)
        scheduler.step()
        report = f" dev F1 {span_f1(net, dev_data):.4f}" if dev else ""
        print(f"epoch {epoch}: loss {total / len(batches):.4f}{report} ({time.time() - started:.0f} s)", flush=True)
    arrays = {k: v.detach().numpy().astype(np.float16) for k, v in net.state_dict().items()}
    for name, table in (("words", vocab.words), ("chars", vocab.chars), ("gaz", vocab.gaz), ("cues", vocab.cues)):
        arrays["vocab_" + name] = np.array(sorted(table, key=table.get))
    with open(args.out, "wb") as fh:  # a file object: numpy would append .npz to a path
        np.savez_compressed(fh, **arrays)
    print(f"-> {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
