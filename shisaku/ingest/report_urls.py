"""Routes of the past-report importer (included under /ingest/, app_name "ingest")."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("report/", report_views.upload, name="report_upload"),
    path("report/confirm/", report_views.confirm, name="report_confirm"),
]
