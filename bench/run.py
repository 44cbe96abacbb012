"""Run every benchmark in this folder, one after another, and collect their tables.

Each ``bench_*.py`` runs standalone, prints a Markdown table and writes it to
``bench/out/<name>.md``; this script runs them in turn (``--quick`` for a smoke run,
``--only NAME`` for one) and writes them together to ``bench/out/all.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark")
    args = parser.parse_args()

    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    sections, failed = [], []
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        cmd = [sys.executable, str(script), *(["--quick"] if args.quick else [])]
        result = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
        print(result.stdout, flush=True)
        took = time.perf_counter() - started
        if result.returncode != 0:
            failed.append(name)
            sections.append(f"## {name}\n\nfailed (exit {result.returncode}) after {took:.0f} s\n")
        else:
            sections.append(f"## {name}\n\n{result.stdout.strip()}\n\n(run took {took:.0f} s)\n")
    (out / "all.md").write_text("\n".join(sections), encoding="utf-8")
    print(f"tables written to {out / 'all.md'}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
