from django.urls import path

from . import views

app_name = "ordinance"
urlpatterns = [path("", views.index, name="index")]
