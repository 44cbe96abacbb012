from django.urls import path

from tongket.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
]
