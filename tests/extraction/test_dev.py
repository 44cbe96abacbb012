"""A development set: nine corpus documents annotated from their text and the record contract
alone, before the extractor was run on them (tests/extraction/fixtures/dev). Rules may be
improved while watching it, so its scores are printed apart from the blind set's and the
earlier annotated set's."""

from __future__ import annotations

import json
from pathlib import Path

from .scoring import score_records
from .test_blind import KEYS

DEV = sorted((Path(__file__).resolve().parent / "fixtures" / "dev").glob("*.json"))


def test_dev_records_follow_the_contract(corpus):
    assert len(DEV) >= 9
    for path in DEV:
        record = json.loads(path.read_text(encoding="utf-8"))
        assert set(record) == KEYS, path.name
        text = corpus[path.stem]["text"]
        for figure in record["figures"]:
            assert figure["text"] in text, (path.name, figure["text"])
        for caption in record["captions"]:
            assert caption in text, (path.name, caption)


def test_dev_set_scores(corpus, shared, tmp_path, capsys):
    summary = score_records(DEV, corpus, shared, tmp_path)
    fields = summary["fields"]
    line = (
        f"development set ({len(DEV)} documents): structured F1 "
        f"{summary['structured_f1']:.3f}, tasks {fields['tasks']['f1']:.3f}, "
        f"commendations {fields['commendations']['f1']:.3f}, "
        f"clean text {summary['clean_text_f1']:.3f}"
    )
    with capsys.disabled():
        print("\n" + line)
    assert summary["clean_text_f1"] >= 0.90, line
    assert summary["structured_f1"] >= 0.90, line
