from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
