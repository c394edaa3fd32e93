from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/export.csv", views.export, name="export"),
    path("<slug:slug>/import/", views.import_data, name="import"),
]
