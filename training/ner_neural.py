"""Train the compact BiLSTM name tagger whose scores the NER stage mixes with the CRF's, reproducibly.

    python training/ner_neural.py            # rewrites src/rasad/lang/fa/ner_bilstm.bin (needs the `train` extra: torch)

Inputs per token: the word (embeddings initialized from PPMI-SVD vectors of unlabelled Persian text, the same
texts and vectors as training/ner_clusters.py), a character CNN, gazetteer membership and title cues. Training
data: the --corpora (default PEYMA train, like the CRF) normalized and tokenized as the pipeline does
(training/ner.py's pipeline view). A CRF output layer (learned label transitions, trained on the sequence
likelihood; the stage reads its forward-backward marginals) and up to 14 epochs (learning rate × 0.9 each), keeping
the epoch with the best PEYMA dev F1 (early stopping, patience 3; the shipped model kept epoch 14). Chosen on PEYMA
dev, BiLSTM alone: softmax 6 epochs 0.75, softmax 14 epochs with early stopping 0.77, CRF layer 14 epochs 0.789. A
CRF layer trained up to 24 epochs (× 0.92, kept epoch 17: 0.793 alone, 0.805 mixed against 0.803) lowered the
development gold entity F1 (0.846 against 0.861) and was not taken; word dropout 0.1 did worse (0.785); PEYMA +
Arman train did no better than PEYMA alone (0.764 vs 0.768 at epoch 8, softmax); 150 hidden units (0.791 by epoch
12) cost too much speed (about 19k instead of 24k tokens per CPU second for NER + linking).
The weights are stored as float16 numpy arrays and run at inference with numpy (rasad.ner.neural); torch is for
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
from rasad.ner.neural import (  # noqa: E402
    LABELS,
    MAX_CHARS,
    Vocab,
    allowed_transitions,
    crf_log_marginals,
    encode,
    gaz_tags,
    viterbi,
)
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


def make_net(vocab: Vocab, hidden: int, dropout: float = 0.5, crf: bool = False):
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
            self.drop = nn.Dropout(dropout)
            self.lstm = nn.LSTM(96 + 48 + 16, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, len(LABELS))
            if crf:  # a CRF output layer: learned label transitions, trained on the sequence likelihood
                self.crf_trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
                self.crf_start = nn.Parameter(torch.zeros(len(LABELS)))

        def constrained(self):
            """Transition and start scores with the IOB2 constraints added (as rasad.ner.neural reads them)."""
            allowed = torch.from_numpy(allowed_transitions())
            never = torch.tensor([lab.startswith("I-") for lab in LABELS])
            return (self.crf_trans + torch.where(allowed, 0.0, -1e4),
                    self.crf_start + torch.where(never, -1e4, 0.0))  # fmt: skip

        def nll(self, emit, y):
            """Mean negative log-likelihood per token of the gold label sequences under the CRF layer."""
            mask = y != -100
            labels = y.clamp(min=0)
            trans, start = self.constrained()
            gold = emit.gather(2, labels.unsqueeze(-1)).squeeze(-1) * mask
            gold = gold.sum(1) + start[labels[:, 0]] + (trans[labels[:, :-1], labels[:, 1:]] * mask[:, 1:]).sum(1)
            alpha = start + emit[:, 0]
            for t in range(1, emit.shape[1]):
                step = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + emit[:, t]
                alpha = torch.where(mask[:, t : t + 1], step, alpha)
            return (torch.logsumexp(alpha, dim=1) - gold).sum() / mask.sum()

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
            out = net(*inputs, lengths)
            if hasattr(net, "crf_trans"):
                trans, start = (x.numpy() for x in net.constrained())
                emits = [out[i, : len(item[0])].numpy() for i, item in enumerate(batch)]
                logp = crf_log_marginals(emits, trans, start)
            else:
                logp = torch.log_softmax(out, dim=-1).numpy()
            for i, item in enumerate(batch):
                labels = [LABELS[j] for j in item[-1]]
                predicted = set(spans_from_labels([LABELS[j] for j in viterbi(logp[i][: len(labels)])]))
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
    parser.add_argument("--dev", default="peyma/dev", help="corpus/split to report F1 on after each epoch ('': none)")
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--decay", type=float, default=0.9, help="learning-rate factor after each epoch")
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--crf", action=argparse.BooleanOptionalAction, default=True,
                        help="a CRF output layer (sequence likelihood) over the BiLSTM, or a softmax (--no-crf)")
    parser.add_argument("--word-dropout", type=float, default=0.05)
    parser.add_argument("--best-on-dev", action=argparse.BooleanOptionalAction, default=True,
                        help="keep the epoch with the best --dev F1 (early stopping)")
    parser.add_argument("--patience", type=int, default=3, help="with --best-on-dev: stop after this many worse epochs")
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
    net = make_net(vocab, args.hidden, args.dropout, args.crf)
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
    best_score, best_epoch, best_state = -1.0, 0, None
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(batches)
        total, done = 0.0, 0
        for ids in batches:
            *inputs, lengths, y = tensors([data[i] for i in ids], args.word_dropout, np_rng)
            optimizer.zero_grad()
            logits = net(*inputs, lengths)
            if args.crf:
                loss = net.nll(logits, y)
            else:
                loss = loss_fn(logits.reshape(-1, len(LABELS)), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            total += float(loss.detach())
            done += 1
            if done % 50 == 0:
                print(f"  {done}/{len(batches)} batches ({time.time() - started:.0f} s)", flush=True)
        scheduler.step()
        score = span_f1(net, dev_data) if dev else 0.0
        report = f" dev F1 {score:.4f}" if dev else ""
        print(f"epoch {epoch}: loss {total / len(batches):.4f}{report} ({time.time() - started:.0f} s)", flush=True)
        if args.best_on_dev and dev:
            if score > best_score:
                best_score, best_epoch = score, epoch
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            elif epoch - best_epoch >= args.patience:
                break
    state = best_state if args.best_on_dev and best_state is not None else net.state_dict()
    if args.best_on_dev and dev:
        print(f"kept epoch {best_epoch} (dev F1 {best_score:.4f})", flush=True)
    arrays = {k.replace("crf_", "crf."): v.detach().numpy().astype(np.float16) for k, v in state.items()}
    for name, table in (("words", vocab.words), ("chars", vocab.chars), ("gaz", vocab.gaz), ("cues", vocab.cues)):
        arrays["vocab_" + name] = np.array(sorted(table, key=table.get))
    with open(args.out, "wb") as fh:  # a file object: numpy would append .npz to a path
        np.savez_compressed(fh, **arrays)
    print(f"-> {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
