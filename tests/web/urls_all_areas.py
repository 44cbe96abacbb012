"""The real URLs plus a page for every area not built yet, and one that fails: for layout tests."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from tongket.urls import urlpatterns as real
from tongket.web.navigation import NAV_ITEMS


def _area(request):
    return render(request, "web/account.html", {"rows": [], "has_active": True})


def _boom(request):
    raise RuntimeError("boom")


def _ok(request):
    return HttpResponse("ok")


_existing = {p.name for p in real}
urlpatterns = [
    *real,
    *[
        path(f"area/{i.key}/", _area, name=i.url_name)
        for i in NAV_ITEMS
        if i.url_name not in _existing
    ],
    path("boom/", _boom, name="boom"),
]
