from django.urls import include, path

from . import views
from .api import api

app_name = "api"
urlpatterns = [
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("v1/docs", views.documentation, name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    # ninja's routes (their names, e.g. api:list_sheets, join this namespace).
    path("v1/", include(api._get_urls())),
]
