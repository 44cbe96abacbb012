import datetime as dt
import zoneinfo

from django.template import Context, Template


def _render(source: str, **context) -> str:
    return Template("{% load vn %}" + source).render(Context(context))


def test_numbers():
    assert _render("{{ x|vn_number }}", x=2060.5) == "2.060,5"
    assert _render("{{ x|vn_number }}", x=1234567) == "1.234.567"
    assert _render("{{ x|vn_number:2 }}", x=5.6) == "5,6"
    assert _render("{{ x|vn_number:0 }}", x=2060.5) == "2.060"
    assert _render("{{ x|vn_number }}", x=None) == ""
    assert _render("{{ x|vn_number }}", x="abc") == "abc"
    assert _render("{{ x|vn_percent }}", x=19.04) == "19%"
    assert _render("{{ x|vn_percent:2 }}", x=5.678) == "5,68%"


def test_dates():
    assert _render("{{ d|vn_date }}", d=dt.date(2007, 1, 31)) == "31/01/2007"
    moment = dt.datetime(2007, 1, 30, 20, 5, tzinfo=dt.UTC)  # 03:05 on 31/01 in Hà Nội
    assert _render("{{ d|vn_date }}", d=moment) == "31/01/2007"
    assert _render("{{ d|vn_datetime }}", d=moment) == "31/01/2007 03:05"
    local = dt.datetime(2007, 1, 31, 14, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert _render("{{ d|vn_datetime }}", d=local) == "31/01/2007 14:05"
    assert _render("{{ d|vn_date }}", d=None) == ""
    assert _render("{{ d|vn_date }}", d="2007-01-31") == "31/01/2007"
    assert _render("{{ d|vn_date }}", d="quý 1") == "quý 1"
