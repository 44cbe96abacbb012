"""The consistency page and the warning before approval, in the permission world with the
indicator catalogue loaded."""

import pytest

from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.reporting.models import FormIndicator
from tongket.reporting.services import submission_submit, submission_values_set

from .world import reporting_of


@pytest.fixture
def stations(world):
    """Xã Vũ Thư's 2025 report, sent, with more 4G stations (12) than stations (10)."""
    r = reporting_of(world)
    indicator_catalogue_load(actor="test")
    form = world.sub_xa_hy.form
    for n, code in enumerate(("bts.stations", "bts.stations_4g"), start=10):
        FormIndicator.objects.create(
            form=form, indicator=Indicator.objects.get(code=code), line=n, required=False
        )
    values = {r.total.code: 1200, r.mobile.code: 900, "bts.stations": 10, "bts.stations_4g": 12}
    submission_values_set(submission=world.sub_xa_hy, values=values, actor="reporting")
    submission_submit(submission=world.sub_xa_hy, actor="reporting")
    return world.sub_xa_hy


def test_approval_warns_and_still_approves(clients, stations):
    page = clients["staff"].get(f"/approvals/{stations.pk}/").content.decode()
    assert 'id="consistency-warnings"' in page
    assert "Số trạm 4G không được lớn hơn tổng số trạm BTS" in page
    assert "bts.stations_4g = 12; bts.stations = 10" in page
    done = clients["staff"].post(f"/approvals/{stations.pk}/", {"action": "approve"}, follow=True)
    html = done.content.decode()
    assert "Đã duyệt báo cáo" in html
    assert "Số trạm 4G không được lớn hơn tổng số trạm BTS" in html


def test_the_page_lists_every_violation_with_both_figures(clients, world, stations):
    url = f"/consistency/?unit={world.hung_yen.pk}&period=2025"
    html = clients["staff"].get(url).content.decode()
    assert "Trong một báo cáo" in html and "Trên số tổng hợp" in html
    assert html.count("Số trạm BTS 4G</td>") == 2  # the commune's report, and Hưng Yên's sum
    assert "12 trạm" in html and "10 trạm" in html
    assert f'href="/approvals/{stations.pk}/"' in html
    # Another province's staff does not see Hưng Yên; their own province has nothing wrong.
    assert clients["staff_other"].get(url).status_code == 404
    other = clients["staff_other"].get("/consistency/?period=2025").content.decode()
    assert "Không có vi phạm." in other
    # In English, nothing Vietnamese but names.
    clients["staff"].post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = clients["staff"].get(url).content.decode()
    assert (
        "Consistency check" in english and "4G stations cannot exceed all base stations" in english
    )
    assert "Trong một báo cáo" not in english


def test_a_bad_period_is_not_found(clients):
    assert clients["staff"].get("/consistency/?period=2025-13").status_code == 404
