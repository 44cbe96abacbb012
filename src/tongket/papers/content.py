"""The documents as plain data: what the selectors gather and the renderers lay out.

Nothing here reads the database. Numbers stay numbers (the DOCX shows them as ``2.060,5``,
the XLSX keeps them as numbers with a number format); ``Measure`` says how a row's figures are
shown (in «tỷ đồng» rather than «đồng», with how many decimals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The parts of a year-end report that staff write (key, Vietnamese heading, English name).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("overview", "Đánh giá chung", "overview"),
    ("shortcomings", "Tồn tại, hạn chế", "shortcomings"),
    ("causes", "Nguyên nhân", "causes"),
    ("lessons", "Bài học kinh nghiệm", "lessons"),
    ("directions", "Phương hướng chung", "directions"),
    ("recommendations", "Kiến nghị, đề xuất", "recommendations"),
    ("recipients", "Nơi nhận", "recipients"),
    ("number", "Số văn bản", "number"),
    ("signer", "Người ký", "signer"),
    ("signer_title", "Thẩm quyền, chức vụ người ký", "signer's authority and title"),
)
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)


@dataclass(frozen=True)
class Letterhead:
    """The header block of Nghị định 30/2020/NĐ-CP (Phụ lục I)."""

    superior: str  # cơ quan chủ quản trực tiếp, «» when none («UBND tỉnh Thái Bình»)
    issuer: str  # cơ quan ban hành («Sở Thông tin và Truyền thông»)
    number: str  # the whole line: «Số: 2/TB-STTTT» or «Số:      /BC-STTTT»
    place: str  # «Thái Bình»
    date: dt.date
    kind: str  # «BÁO CÁO», «THÔNG BÁO»
    subject: str  # trích yếu


@dataclass(frozen=True)
class Signature:
    authority: tuple[str, ...]  # («GIÁM ĐỐC»,) or («KT. GIÁM ĐỐC», «PHÓ GIÁM ĐỐC»)
    name: str


@dataclass(frozen=True)
class Measure:
    """How the figures of an indicator are shown: divided by ``scale``, in ``label``."""

    label: str
    scale: float = 1.0
    decimals: int = 0


@dataclass(frozen=True)
class ResultRow:
    code: str
    name: str
    measure: Measure
    target: float | None
    value: float | None
    previous: float | None
    attainment: float | None  # percent of the target, direction respected
    change_pct: float | None  # on the year before
    direction: str
    met: bool | None
    estimated: bool = False  # «ước thực hiện»: the year is still in progress
    estimate_note: str = ""  # how the estimate was made
    partial: bool = False  # fewer units reported than expected: not the total
    coverage: str = ""  # «1/886 đơn vị báo cáo», when partial
    withheld: bool = False  # a ratio whose parts come from different units: not computed
    entered: float | None = None  # the estimate entered while the year was open
    other: str = ""  # the next source («doanh nghiệp») when it differs by more than 5%
    other_value: float | None = None


@dataclass(frozen=True)
class FieldTable:
    name: str
    rows: tuple[ResultRow, ...]


@dataclass(frozen=True)
class Chart:
    code: str
    title: str
    measure: Measure
    periods: tuple[str, ...]
    values: tuple[float | None, ...]
    targets: tuple[float | None, ...]
    estimated: tuple[str, ...] = ()  # periods whose value is an estimate («ước thực hiện»)


@dataclass(frozen=True)
class CompletenessLine:
    form_code: str
    form_name: str
    periods: int
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def submitted_rate(self) -> float | None:
        return self.submitted / self.expected * 100 if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected * 100 if self.expected else None


@dataclass(frozen=True)
class TaskLine:
    label: str
    total: int
    done_on_time: int
    done_late: int
    in_progress: int
    overdue: int

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.total * 100 if self.total else None


@dataclass(frozen=True)
class OverdueTask:
    text: str
    lead: str
    deadline: dt.date | None
    days_overdue: int


@dataclass(frozen=True)
class CommendationLine:
    form: str
    grantor: str
    decision: str  # «125/QĐ-UBND ngày 05/01/2018», «» when unknown
    collectives: int | None
    individuals: int | None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetLine:
    code: str
    name: str
    measure: Measure
    current: float | None  # the result of the year reported on
    target: float  # next year's target
    direction: str

    @property
    def change_pct(self) -> float | None:
        if self.current in (None, 0):
            return None
        return (self.target - self.current) / abs(self.current) * 100


@dataclass(frozen=True)
class YearReport:
    letterhead: Letterhead
    unit_name: str  # «Sở Thông tin và Truyền thông Thái Bình»
    unit_code: str
    area_name: str  # the unit the figures are of («Thái Bình»)
    year: int
    texts: dict[str, str]  # SECTION_KEYS → what staff wrote («» when nothing yet)
    fields: tuple[FieldTable, ...]
    charts: tuple[Chart, ...]
    completeness: tuple[CompletenessLine, ...]
    tasks: tuple[TaskLine, ...]
    tasks_total: TaskLine
    overdue: tuple[OverdueTask, ...]
    commendations: tuple[CommendationLine, ...]
    next_targets: tuple[TargetLine, ...]
    key_tasks: tuple[str, ...]
    recipients: tuple[str, ...]
    signature: Signature


@dataclass(frozen=True)
class Assignment:
    order: int
    text: str
    lead: str
    supporting: tuple[str, ...]
    deadline: dt.date | None


@dataclass(frozen=True)
class Person:
    name: str
    title: str


@dataclass(frozen=True)
class NoticeDocument:
    letterhead: Letterhead
    meeting_title: str
    meeting_date: dt.date
    meeting_place: str
    chair: Person | None
    guests: tuple[Person, ...]
    reports: tuple[str, ...]
    conclusions: tuple[str, ...]  # paragraphs
    assignments: tuple[Assignment, ...]
    issuer_name: str
    recipients: tuple[str, ...]
    signature: Signature
    is_draft: bool


@dataclass(frozen=True)
class FigureFact:
    text: str  # as stated («2.060 tỷ đồng»), or «» when only the value is known
    value: float | None
    unit: str
    indicator: str  # the indicator's name when the figure is mapped to one
    period: str
    previous: float | None = None  # the indicator's value a year earlier, when stored
    measure: Measure | None = None


@dataclass(frozen=True)
class AwardFact:
    form: str
    grantor: str
    is_title: bool  # an emulation title («Lao động tiên tiến»): recognized, not presented
    collectives: int | None
    individuals: int | None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingArticle:
    meeting_id: int
    kind: str
    title: str
    date: dt.date
    end_date: dt.date | None
    place: str
    organizer: str  # «Sở Thông tin và Truyền thông Thái Bình»
    organizer_short: str  # «Sở TT&TT Thái Bình»
    reviewed: tuple[str, ...]
    planned: tuple[str, ...]
    chair: Person | None
    guests: tuple[Person, ...]
    presenters: tuple[Person, ...]
    reports: tuple[str, ...]
    figures: tuple[FigureFact, ...]
    directions: tuple[str, ...]
    direction_source: str  # «plan», «notice» or «tasks»: where the directions were read
    awards: tuple[AwardFact, ...]
    conclusions: str = ""
    extra: dict[str, str] = field(default_factory=dict)
