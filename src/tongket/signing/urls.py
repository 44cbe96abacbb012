"""URLs of signing and checking signatures."""

from django.urls import path

from tongket.signing import views

urlpatterns = [
    path("meetings/notices/<int:notice_id>/sign/", views.notice_sign_view, name="notice_sign"),
    path(
        "papers/reports/<int:unit_id>/<int:year>/sign/",
        views.report_sign_view,
        name="report_sign",
    ),
    path("papers/signed/<int:signed_id>/", views.signed_file_view, name="signed_file"),
    path("papers/verify/", views.verify_view, name="verify"),
    path("papers/verify/<int:received_id>/", views.received_view, name="received_document"),
]
