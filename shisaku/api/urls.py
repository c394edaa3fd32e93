from functools import wraps

from django.urls import include, path

from . import views
from .api import api


def head_as_get(view):
    """HEAD answers as GET without the body (same status, ETag and Last-Modified)."""
    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
        return response

    return answer


def ninja_routes():
    """ninja's routes (named e.g. api:list_sheets in this namespace), HEAD included."""
    routes = api._get_urls()
    for route in routes:
        route.callback = head_as_get(route.callback)
    return routes


app_name = "api"
urlpatterns = [
    path("v1/openapi.json", views.openapi, name="openapi"),
    path("v1/docs", views.documentation, name="docs"),
    path("tokens/", views.token_list, name="tokens"),
    path("v1/", include(ninja_routes())),
]
