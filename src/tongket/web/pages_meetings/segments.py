"""A document's cleaned text cut into pieces, the passages that items were read from marked.

The review page shows the text beside the record: each marked passage carries the kind of
item read from it (person, figure, task, commendation, the meeting itself), so a person sees
where every line of the record came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def text_segments(text: str, spans: Iterable[tuple[str, Sequence[int] | None]]) -> list[dict]:
    """``[{"text", "kind"}]`` covering ``text`` in order; ``kind`` is None outside any span.

    Spans that overlap one already marked are left out (the first, in ``spans`` order after
    sorting by start, wins), and spans outside the text are ignored.
    """
    marks = sorted(
        (int(span[0]), int(span[1]), kind)
        for kind, span in spans
        if span is not None and 0 <= int(span[0]) < int(span[1]) <= len(text)
    )
    pieces: list[dict] = []
    at = 0
    for start, end, kind in marks:
        if start < at:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "kind": None})
        pieces.append({"text": text[start:end], "kind": kind})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "kind": None})
    return pieces
