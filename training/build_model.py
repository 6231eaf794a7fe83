"""Build the field parser's model: ``python training/build_model.py``.

Reads the labelled data (``../shared/training`` via :mod:`corpora`, and synthetic
citations rendered by citekit's own CSL engine via :mod:`synthetic`), turns every
:class:`common.Example` into tokens with one label each (:func:`token_labels`),
holds out documents for measuring (:func:`corpora.split`, the same split
``benchmarks/field_accuracy.py`` uses), and trains a linear-chain CRF with
python-crfsuite (L-BFGS, L1 + L2), exporting the weights to ``citekit/fields/data/fields.npz``.

Reproducible: fixed seeds for the split, the synthetic generator and the sampling;
crfsuite's L-BFGS is deterministic.  Budget: under 15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from common import OTHER, Example  # noqa: E402

from citekit.fields.crf import MODEL_NAME  # noqa: E402  (the .npz citekit loads)
from citekit.fields.features import features  # noqa: E402
from citekit.fields.tokens import tokenize  # noqa: E402

#: The synthetic examples the shipped model was trained on: ``training/synthetic.py --records 3000
#: --seed 7`` as rendered by citekit's CSL engine of 2026-11-30 (the engine has changed since, so
#: rendering them anew gives slightly different strings; this copy keeps the build reproducible).
SHIPPED_SYNTHETIC = HERE / "data" / "synthetic-3000-seed7.jsonl.gz"

#: Tokens kept inside a field at its edges although they are punctuation.
_KEEP_END = set("?!")


def token_labels(ex: Example) -> tuple[list, list[str]]:
    """The tokens of ``ex.text`` and one label each.

    A token takes the label of the segment its first character is in; then, in each
    run of one label, punctuation at the run's edges becomes ``other``: AnyStyle keeps
    "Smith, J.," in the author segment and GROBID leaves the punctuation outside, and
    the model should learn one habit, not two.
    """
    text = ex.text
    owner = []
    for seg_text, lab in ex.segments:
        owner.extend([lab] * len(seg_text))
    toks = tokenize(text)
    labels = [owner[t.start] if t.start < len(owner) else OTHER for t in toks]
    n = len(toks)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and labels[j + 1] == labels[i]:
            j += 1
        if labels[i] != OTHER:
            a = i
            while a <= j and not toks[a].text.isalnum() and toks[a].text not in "§#№":
                labels[a] = OTHER
                a += 1
            b = j
            while b >= a and not toks[b].text.isalnum() and toks[b].text not in _KEEP_END:
                labels[b] = OTHER
                b -= 1
        i = j + 1
    return toks, labels


def load_examples(shared: Path, synth_records: int, seed: int, synth_file: Path | None = None) -> dict[str, list[Example]]:
    """Every source's examples, by source name."""
    import corpora

    out: dict[str, list[Example]] = {}
    out["anystyle"] = list(corpora.anystyle(shared / "anystyle" / "core.xml"))
    out["grobid"] = list(corpora.grobid(shared / "grobid" / "citation-corpus.tar.gz", exclude_cjk=True))
    out["linkedbooks"] = list(corpora.linkedbooks(shared / "linkedbooks" / "clean_train.txt.gz"))
    if hasattr(corpora, "linkedbooks_context"):
        out["linkedbooks-context"] = list(corpora.linkedbooks_context(shared / "linkedbooks" / "clean_train.txt.gz"))
    if synth_file is not None:
        from common import read_jsonl

        out["synthetic"] = list(read_jsonl(synth_file))
    elif synth_records:
        try:
            import synthetic
        except ImportError:
            print("no training/synthetic.py: synthetic data skipped", file=sys.stderr)
        else:
            out["synthetic"] = list(synthetic.generate(n_records=synth_records, seed=seed))
    return out


#: How many training strings to take from each source at most (the CRF's time grows with
#: the tokens; LinkedBooks alone has tens of thousands of short references).
CAPS = {"anystyle": 10**9, "grobid": 7500, "linkedbooks": 9000, "linkedbooks-context": 2500, "synthetic": 18000}


#: How many times each source's training strings are used (1 when not named). AnyStyle's
#: hand-labelled strings are the most varied real data and the fewest: three copies raised held-out
#: AnyStyle title 0.81 -> 0.83 and GROBID title 0.898 -> 0.902 (docs/field-parser.md).
REPEATS: dict[str, int] = {"anystyle": 3}


def training_set(by_source: dict[str, list[Example]], seed: int) -> list[Example]:
    """The held-in part of every source, capped per source (seeded sample)."""
    import corpora

    rng = random.Random(seed)
    out: list[Example] = []
    for name, exs in sorted(by_source.items()):
        train, _ = corpora.split(exs)
        if len(train) > CAPS.get(name, 10**9):
            train = rng.sample(train, CAPS[name])
        out.extend(train * REPEATS.get(name, 1))
        print(f"  {name}: {len(train)} training strings x {REPEATS.get(name, 1)}", file=sys.stderr)
    rng.shuffle(out)
    return out


def train(examples: list[Example], out_path: Path, *, iterations: int = 150, c1: float = 0.05, c2: float = 1.0) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        toks, labels = token_labels(ex)
        if toks:
            trainer.append(features(toks), labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True, "feature.minfreq": 2})
    out_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_path))


def export(crfsuite_path: Path, out_path: Path) -> None:
    """Write the trained weights as the ``.npz`` citekit loads (citekit/fields/crf.py):
    ``labels`` (str array), ``attributes`` (str array, sorted), ``state`` (attributes x labels,
    float32), ``transition`` (labels x labels, float32).  Inference is Viterbi over these in
    NumPy, so the installed package needs no crfsuite; a test checks it labels exactly as
    crfsuite's own tagger does."""
    import numpy as np
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crfsuite_path))
    info = tagger.info()
    labels = sorted(info.labels, key=info.labels.get)
    lab = {l: i for i, l in enumerate(labels)}
    attributes = sorted({a for a, _ in info.state_features})
    row = {a: i for i, a in enumerate(attributes)}
    state = np.zeros((len(attributes), len(labels)), dtype=np.float32)
    for (a, l), w in info.state_features.items():
        state[row[a], lab[l]] = w
    transition = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        transition[lab[a], lab[b]] = w
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as fh:
        np.savez_compressed(fh, labels=np.array(labels), attributes=np.array(attributes), state=state, transition=transition)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "training")
    ap.add_argument("--out", type=Path, default=ROOT / "citekit" / "fields" / "data" / MODEL_NAME)
    ap.add_argument("--synthetic", type=int, default=3000, help="records to render for synthetic data (0: none; seed --seed)")
    ap.add_argument("--synthetic-file", type=Path, default=SHIPPED_SYNTHETIC, help="read synthetic examples from this JSONL (as `training/synthetic.py --out` writes; default: the copy the shipped model was trained on)")
    ap.add_argument("--regenerate", action="store_true", help="render the synthetic examples anew (--synthetic records, --seed) with today's renderer instead of reading --synthetic-file")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.05, help="L1 regularisation")
    ap.add_argument("--c2", type=float, default=1.0, help="L2 regularisation (1.0: measured against 0.01, 0.3 and 3.0 on the held-out sets, docs/field-parser.md)")
    ap.add_argument("--cap", action="append", default=[], metavar="SOURCE=N", help="at most N training strings of SOURCE (see CAPS)")
    ap.add_argument("--repeat", action="append", default=[], metavar="SOURCE=K", help="train on SOURCE's held-in strings K times (weights a source; see REPEATS)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep-crfsuite", action="store_true", help="keep crfsuite's own model file beside the .npz")
    args = ap.parse_args(argv)
    t0 = time.time()
    by_source = load_examples(args.shared, args.synthetic, args.seed, None if args.regenerate else args.synthetic_file)
    print(f"loaded in {time.time() - t0:.0f} s", file=sys.stderr)
    for spec in args.cap:
        name, _, n = spec.partition("=")
        CAPS[name] = int(n)
    for spec in args.repeat:
        name, _, n = spec.partition("=")
        REPEATS[name] = int(n)
    examples = training_set(by_source, args.seed)
    t1 = time.time()
    crfsuite_file = args.out.with_suffix(".crfsuite")
    train(examples, crfsuite_file, iterations=args.iterations, c1=args.c1, c2=args.c2)
    export(crfsuite_file, args.out)
    if not args.keep_crfsuite:
        crfsuite_file.unlink()
    print(f"trained on {len(examples)} strings in {time.time() - t1:.0f} s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
