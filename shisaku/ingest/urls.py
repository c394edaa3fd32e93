from .excel_urls import urlpatterns as excel_urls
from .report_urls import urlpatterns as report_urls

app_name = "ingest"
urlpatterns = report_urls + excel_urls
