"""URLs of the reporting pages (included by ``tongket.urls``)."""

from django.urls import path

from tongket.web.pages_reporting import (
    approvals,
    completeness,
    consistency,
    dashboard,
    entry,
    entry_cell,
    entry_offline,
    estimates,
    indicators,
    upload,
)

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/figures/", dashboard.dashboard_figures, name="dashboard_figures"),
    path("dashboard/chart/", dashboard.dashboard_chart, name="dashboard_chart"),
    path("dashboard/compare/", dashboard.dashboard_compare, name="dashboard_compare"),
    path("entry/", entry.entry_list, name="entry"),
    path("entry/open/", entry.entry_open, name="entry_open"),
    path("sw.js", entry_offline.service_worker, name="offline_worker"),
    path("entry/app.webmanifest", entry_offline.manifest, name="offline_manifest"),
    path(
        "entry/<int:submission_id>/offline.json",
        entry_offline.entry_definition,
        name="entry_offline",
    ),
    path("entry/<int:submission_id>/", entry.entry_submission, name="entry_submission"),
    path("entry/<int:submission_id>/cell/", entry_cell.entry_cell, name="entry_cell"),
    path("entry/<int:submission_id>/template.xlsx", entry.entry_template, name="entry_template"),
    path("entry/<int:submission_id>/upload/", upload.entry_upload, name="entry_upload"),
    path(
        "entry/<int:submission_id>/upload/confirm/",
        upload.entry_upload_confirm,
        name="entry_upload_confirm",
    ),
    path("approvals/", approvals.approval_list, name="approvals"),
    path(
        "rounds/<str:form_code>/<str:period>/",
        completeness.round_units,
        name="round_units",
    ),
    path("approvals/<int:submission_id>/", approvals.approval_detail, name="approval"),
    path("values/<int:value_id>/audit/", approvals.value_audit, name="value_audit"),
    path("consistency/", consistency.consistency, name="consistency"),
    path("estimates/", estimates.estimates, name="estimates"),
    path("indicators/", indicators.indicator_catalogue, name="indicators"),
    path("indicators/<str:code>/", indicators.indicator_detail, name="indicator"),
]
