"""The gate on the five seed documents: `tongket extract --out DIR seeds/*.txt`, then the
shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys


def test_seed_scores(shared, tmp_path, capsys):
    out = tmp_path / "pred"
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    done = subprocess.run(
        [sys.executable, "-m", "tongket", "extract", "--out", str(out), *seeds],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(list(out.glob("*.json"))) == 5
    scored = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score_extraction.py"),
            "--gold",
            str(shared / "seeds" / "gold"),
            "--pred",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(scored.stdout[: scored.stdout.rindex("}") + 1])
    fields = summary["fields"]
    with capsys.disabled():
        print(
            f"\nseeds (5 documents): structured F1 {summary['structured_f1']:.3f}, tasks "
            f"{fields['tasks']['f1']:.3f}, commendations {fields['commendations']['f1']:.3f}, "
            f"clean text {summary['clean_text_f1']:.3f}"
        )
    assert summary["structured_f1"] >= 0.95, summary
    assert summary["fields"]["tasks"]["f1"] >= 0.80, summary
    assert summary["clean_text_f1"] >= 0.97, summary
