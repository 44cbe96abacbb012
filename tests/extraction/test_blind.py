"""The blind set: 40 corpus documents whose expected records were written from the text and
the record contract alone, before the extractor's output on them was looked at.

Its scores are reported beside the seeds' and the earlier annotated set's (the earlier set was
annotated after seeing the extractor's output, so it flatters). Nothing in the extractor is
tuned on these records: they measure it."""

from __future__ import annotations

import json
from pathlib import Path

from .scoring import score_records

BLIND = sorted((Path(__file__).resolve().parent / "fixtures" / "blind").glob("*.json"))
KEYS = {
    "title",
    "published",
    "source_site",
    "byline",
    "captions",
    "meeting",
    "people",
    "figures",
    "commendations",
    "tasks",
    "clean_text_lines",
}


def test_blind_records_follow_the_contract(corpus):
    assert len(BLIND) >= 40
    for path in BLIND:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert set(record) == KEYS, path.name
        assert path.stem in corpus, path.name
        text = corpus[path.stem]["text"]
        for figure in record["figures"]:
            assert figure["text"] in text, (path.name, figure["text"])


def test_blind_set_scores(corpus, shared, tmp_path, capsys):
    summary = score_records(BLIND, corpus, shared, tmp_path)
    fields = summary["fields"]
    line = (
        f"blind set ({len(BLIND)} documents): structured F1 {summary['structured_f1']:.3f}, "
        f"tasks {fields['tasks']['f1']:.3f}, commendations {fields['commendations']['f1']:.3f}, "
        f"clean text {summary['clean_text_f1']:.3f}"
    )
    with capsys.disabled():
        print("\n" + line)
    # A floor under today's scores on this set, so that a change that loses ground on documents
    # it was not built on fails; the aims (0.95 / 0.80 / 0.80) are in the README's table.
    assert summary["clean_text_f1"] >= 0.90, line
    assert summary["structured_f1"] >= 0.95, line
    assert fields["tasks"]["f1"] >= 0.60, line
