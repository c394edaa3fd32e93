from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_edit, name="create"),
    path("lineage/new/", views.lineage_create, name="lineage_create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/description/", views.project_describe, name="describe"),
    path("<int:pk>/placements/new/", views.placement_create, name="placement_create"),
    path("<int:pk>/placements/<int:placement_pk>/delete/", views.placement_delete,
         name="placement_delete"),
]
