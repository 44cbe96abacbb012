"""People and their titles in a long paragraph cost time in proportion to its length.

Before, every name re-folded and re-searched the whole rest of the text for its title, so a
paragraph of many names cost the square of its length: 200 KB took 5 s, 2 MB would take many
minutes. The work is counted here (characters folded), and a 2 MB paragraph is read whole."""

from __future__ import annotations

from tongket.extraction import people

_UNIT = "ông Nguyễn Văn An, Giám đốc Sở Tư pháp tới dự hội nghị cùng "


def _paragraph(size: int) -> str:
    return _UNIT * (size // len(_UNIT))


def _folded_characters(text: str, monkeypatch) -> int:
    counted = [0]
    fold = people.fold

    def counting(value: str) -> str:
        counted[0] += len(value)
        return fold(value)

    monkeypatch.setattr(people, "fold", counting)
    people.extract_people(text)
    monkeypatch.setattr(people, "fold", fold)
    return counted[0]


def test_the_work_on_a_paragraph_grows_with_its_length_not_its_square(monkeypatch):
    small = _folded_characters(_paragraph(20_000), monkeypatch)
    large = _folded_characters(_paragraph(80_000), monkeypatch)
    # Four times the text: about four times the work (sixteen times when it was quadratic).
    assert large < 5 * small, (small, large)


def test_a_two_megabyte_paragraph_of_names_is_read_whole():
    found = people.extract_people(_paragraph(2_000_000))
    assert found == [{"name": "Nguyễn Văn An", "title": "Giám đốc Sở Tư pháp"}]


def test_a_title_ended_by_a_stop_word_far_from_any_punctuation_is_kept():
    text = "ông Nguyễn Văn An, Giám đốc Sở Tư pháp tới dự " + "hội nghị cùng " * 100 + "."
    assert people.extract_people(text) == [
        {"name": "Nguyễn Văn An", "title": "Giám đốc Sở Tư pháp"}
    ]
