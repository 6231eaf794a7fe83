"""The long fuzz run (issue 13): ``python benchmarks/fuzz.py [-n 100000] [--seed 0] [--kinds text,html,...]``.

Draws inputs of every kind of ``tests/fuzz/gen.py`` in turn (input ``i`` is generated from
``random.Random(seed * 10**9 + i)``, so any failure is replayed with ``--replay i``), checks
the properties of ``tests/fuzz/props.py`` on each, and stops any input that runs over
``--hang`` seconds (default 2) with SIGALRM: a hang.  Determinism is checked on every
``--determinism-every``-th input (default 10) and rendering on every ``--render-every``-th
(default 50), as they double or triple an input's cost.  Prints, per kind, inputs run,
citations found, the slowest input, and at the end the crashes (exceptions other than
CitekitError, grouped by type and place), property failures and hangs, with the seeds to
replay them; failing inputs are written to ``--out`` (default /tmp/citekit-fuzz).
Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import gen, props  # noqa: E402


class Hang(Exception):
    """An input ran longer than the hang limit."""


def _alarm(signum, frame):  # noqa: ANN001
    raise Hang()


def _place(exc: BaseException) -> str:
    """Where an exception was raised: the innermost citekit frame (file:line function)."""
    tb = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in tb if "/citekit/" in f.filename] or tb
    f = ours[-1] if ours else None
    return f"{Path(f.filename).name}:{f.lineno} {f.name}" if f else "?"


def run(n: int, seed: int, kinds: list[str], hang: float, det_every: int, render_every: int, out: Path, quiet: bool) -> int:
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter = Counter()
    cites: Counter = Counter()
    slowest: dict[str, tuple[float, int]] = {}
    crashes: dict[tuple[str, str], list[int]] = defaultdict(list)
    failures: dict[str, list[int]] = defaultdict(list)
    hangs: list[tuple[str, int]] = []
    t_start = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        value = gen.KINDS[kind](random.Random(seed * 10**9 + i))
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, hang)
        problem = None
        try:
            cites[kind] += props.check(kind, value, determinism=i % det_every == 0, render=i % render_every == 0)
        except Hang:
            hangs.append((kind, i))
            problem = "hang"
        except props.PropertyFailure as exc:
            failures[f"{kind}: {str(exc)[:120]}"].append(i)
            problem = "property"
        except RecursionError as exc:
            crashes[("RecursionError", _place(exc))].append(i)
            problem = "crash"
        except Exception as exc:  # noqa: BLE001 - every crash is counted and reported
            crashes[(type(exc).__name__, _place(exc))].append(i)
            problem = "crash"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        dt = time.perf_counter() - t0
        counts[kind] += 1
        if dt > slowest.get(kind, (0.0, 0))[0]:
            slowest[kind] = (dt, i)
        if problem:
            data = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
            (out / f"{problem}-{kind}-{i}.{'docx' if kind == 'docx' else 'txt'}").write_bytes(data)
        if not quiet and (i + 1) % 5000 == 0:
            bad = sum(len(v) for v in crashes.values()) + sum(len(v) for v in failures.values()) + len(hangs)
            print(f"  {i + 1:>8,} inputs  {time.perf_counter() - t_start:7.0f} s  {bad} failing", flush=True)
    total = time.perf_counter() - t_start
    print(f"citekit fuzz: {n:,} inputs in {total:.0f} s (seed {seed}, hang limit {hang:g} s)")
    for kind in kinds:
        s, at = slowest.get(kind, (0.0, 0))
        print(f"  {kind:<9} {counts[kind]:>8,} inputs  {cites[kind]:>9,} citations  slowest {s:.2f} s (#{at})")
    print(f"crashes (exceptions other than CitekitError): {sum(len(v) for v in crashes.values())}")
    for (name, where), ids in sorted(crashes.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(ids):>6}  {name} at {where}  (replay: --replay {ids[0]})")
    print(f"property failures: {sum(len(v) for v in failures.values())}")
    for what, ids in sorted(failures.items(), key=lambda kv: -len(kv[1]))[:30]:
        print(f"  {len(ids):>6}  {what}  (replay: --replay {ids[0]})")
    print(f"hangs over {hang:g} s: {len(hangs)}" + (f"  (first: {hangs[0][0]} --replay {hangs[0][1]})" if hangs else ""))
    return 1 if crashes or failures or hangs else 0


def replay(i: int, seed: int, kinds: list[str]) -> None:
    """Run input ``i`` again, without catching anything (a traceback for a crash)."""
    kind = kinds[i % len(kinds)]
    value = gen.KINDS[kind](random.Random(seed * 10**9 + i))
    print(f"input {i} ({kind}): {value[:500]!r}")
    print("citations:", props.check(kind, value, determinism=True, render=True))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="inputs to run (default 100,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", default=",".join(gen.KINDS), help=f"comma-separated, of: {', '.join(gen.KINDS)}")
    ap.add_argument("--hang", type=float, default=2.0, help="seconds after which an input is a hang (default 2)")
    ap.add_argument("--determinism-every", type=int, default=10)
    ap.add_argument("--render-every", type=int, default=50)
    ap.add_argument("--out", type=Path, default=Path("/tmp/citekit-fuzz"), help="where failing inputs are written")
    ap.add_argument("--replay", type=int, metavar="I", help="run input I again and show its traceback")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    a = ap.parse_args(argv)
    kinds = [k for k in a.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in gen.KINDS]
    if unknown:
        ap.error(f"unknown kinds {unknown}; choose from {', '.join(gen.KINDS)}")
    if a.replay is not None:
        replay(a.replay, a.seed, kinds)
        return 0
    return run(a.n, a.seed, kinds, a.hang, max(1, a.determinism_every), max(1, a.render_every), a.out, a.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
