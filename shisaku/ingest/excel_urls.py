"""Routes of the Excel round trip (included by urls.py under app_name "ingest")."""

from django.urls import path

from . import excel_views

urlpatterns = [
    path("excel/", excel_views.excel_index, name="excel_index"),
    path("excel/<int:fy>/download/", excel_views.excel_download, name="excel_download"),
    path("excel/<int:fy>/upload/", excel_views.excel_upload, name="excel_upload"),
    path("excel/<int:fy>/confirm/", excel_views.excel_confirm, name="excel_confirm"),
]
