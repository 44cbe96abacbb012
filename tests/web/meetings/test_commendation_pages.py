"""Commendations: lists per year, unit and form with their totals; adding a decision."""

from __future__ import annotations

from tongket.core.models import AuditEntry
from tongket.meetings.models import Commendation, CommendationRecipient
from tongket.meetings.services import award_form_find, commendation_create
from web.meetings.helpers import page_text


def _ids(response) -> list[int]:
    return [row["id"] for row in response.context["rows"]]


def test_list_is_scoped_and_filtered(clients, m, world):
    older = commendation_create(
        form=award_form_find("bk_tinh"), year=2017, unit=world.so_tb, individuals=3, actor="t"
    )
    assert set(_ids(clients["staff"].get("/commendations/"))) == {m.c_hy.pk, older.pk}
    assert _ids(clients["staff_other"].get("/commendations/")) == [m.c_hn.pk]
    assert len(_ids(clients["analyst"].get("/commendations/"))) == 3
    assert _ids(clients["staff"].get("/commendations/?year=2017")) == [older.pk]
    assert _ids(clients["staff"].get(f"/commendations/?unit={world.so_hy.pk}")) == [m.c_hy.pk]
    assert _ids(clients["staff"].get("/commendations/?form=bk_tinh")) == [older.pk]


def test_totals_per_year_unit_and_form(clients, m, world):
    commendation_create(
        form=award_form_find("bk_tinh"), year=2017, unit=world.so_tb, individuals=3, actor="t"
    )
    by_year = clients["staff"].get("/commendations/").context["totals"]
    assert [(g["label"], g["decisions"], g["collectives"], g["individuals"]) for g in by_year] == [
        ("2025", 1, 2, 0),
        ("2017", 1, 0, 3),
    ]
    by_form = clients["staff"].get("/commendations/?by=form").context["totals"]
    assert [g["label"] for g in by_form] == [
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Giấy khen của Giám đốc Sở",
    ]
    by_unit = clients["staff_other"].get("/commendations/?by=unit").context["totals"]
    assert [(g["label"], g["collectives"]) for g in by_unit] == [
        ("Sở Thông tin và Truyền thông Hà Nội", 1)
    ]
    text = page_text(clients["staff"].get("/commendations/?by=form"))
    assert "Theo hình thức" in text and "Bằng khen của Chủ tịch UBND tỉnh" in text


def _post(**changes) -> dict:
    return {
        "form": str(award_form_find("gk_so").pk),
        "year": "2026",
        "decision_number": "45/QĐ-SKHCN",
        "decision_date": "15/01/2026",
        "unit": "Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)",
        "collectives": "",
        "individuals": "3",
        "collective_names": "Phòng Bưu chính, Viễn thông",
        "individual_names": "Nguyễn Văn An, Trưởng phòng\nLê Thị Hoa",
    } | changes


def test_staff_adds_a_commendation(clients, world):
    response = clients["staff"].post("/commendations/new/", _post())
    assert response.status_code == 302 and response.url == "/commendations/?year=2026"
    c = Commendation.objects.get(decision_number="45/QĐ-SKHCN")
    assert (c.unit, c.year, c.individuals, c.collectives) == (world.so_hy, 2026, 3, None)
    names = list(c.recipients.values_list("kind", "name", "title"))
    assert names == [
        ("collective", "Phòng Bưu chính, Viễn thông", ""),
        ("individual", "Nguyễn Văn An", "Trưởng phòng"),
        ("individual", "Lê Thị Hoa", ""),
    ]
    assert AuditEntry.objects.filter(action="commendation.created", object_id=str(c.pk)).exists()


def test_bad_commendations_are_refused_and_nothing_stored(clients, world):
    client = clients["staff"]
    errors = client.post("/commendations/new/", _post(unit="01.STTTT")).context["form"].errors
    assert "không thuộc phạm vi của bạn" in errors["unit"][0]
    errors = client.post("/commendations/new/", _post(individuals="1")).context["form"].errors
    assert errors["individuals"] == ["Số cá nhân (1) nhỏ hơn số được nêu tên (2)"]
    errors = client.post("/commendations/new/", _post(year="2099")).context["form"].errors
    assert list(errors) == ["year"]
    # A 2017 decision goes to the unit as it was in 2017.
    errors = (
        client.post("/commendations/new/", _post(year="2017", decision_date="10/01/2017"))
        .context["form"]
        .errors
    )
    assert "unit" in errors
    assert not Commendation.objects.filter(decision_number="45/QĐ-SKHCN").exists()
    assert not CommendationRecipient.objects.filter(name="Lê Thị Hoa").exists()
