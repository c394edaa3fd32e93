from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("programs/new/", views.program_edit, name="program_create"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("nodes/new/", views.node_edit, name="node_create"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node_edit"),
]
