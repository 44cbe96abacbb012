"""The real URLs, a page for every area not built yet, a chart and a failing page: layout tests."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import RequestContext, Template
from django.urls import URLResolver, path

from tongket.urls import urlpatterns as real
from tongket.web.navigation import NAV_ITEMS


def _area(request):
    return render(request, "web/account.html", {"rows": [], "has_active": True})


CHART_PAGE = Template(
    "{% extends 'web/base.html' %}"
    "{% block head %}{% include 'web/_chart_assets.html' %}{% endblock %}"
    "{% block content %}<h1>Biểu đồ</h1>{% include 'web/_chart.html' with chart=chart %}"
    "{% endblock %}"
)
CHART = {
    "id": "chart-subscribers",
    "title": "Thuê bao Internet băng rộng",
    "unit": "thuê bao",
    "x": ["2016", "2017", "2018", "2019"],
    "series": [
        {"label": "Thái Bình", "values": [120500, 151200.5, None, 210900]},
        {"label": "Hưng Yên", "values": [98000, 116400, 139800, 171250]},
    ],
}


def _chart(request):
    return HttpResponse(CHART_PAGE.render(RequestContext(request, {"chart": CHART})))


def _boom(request):
    raise RuntimeError("boom")


def _names(patterns) -> set[str]:
    """URL names, those of included URL lists too."""
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found |= _names(pattern.url_patterns)
        else:
            found.add(pattern.name)
    return found


_existing = _names(real)
urlpatterns = [
    *real,
    *[
        path(f"area/{i.key}/", _area, name=i.url_name)
        for i in NAV_ITEMS
        if i.url_name not in _existing
    ],
    path("boom/", _boom, name="boom"),
    path("chart/", _chart, name="chart"),
]
