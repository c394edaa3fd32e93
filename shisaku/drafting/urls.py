from django.urls import path

from . import schedule_views, views

# Under /plan/ beside the plan's own pages (shisaku/urls.py).
app_name = "drafting"
urlpatterns = [
    path("drafts/", views.drafts, name="drafts"),
    path("programs/<int:pk>/next/", views.start, name="draft_start"),
    path("programs/<int:pk>/draft/", views.draft, name="draft"),
    path("programs/<int:pk>/stage/", views.move_stage, name="draft_stage"),
    path("programs/<int:pk>/mapping/", views.mapping, name="mapping"),
    path("programs/<int:pk>/compare/", views.compare, name="compare"),
    path("programs/<int:pk>/review.<str:fmt>", views.review, name="program_review"),
    path("programs/<int:pk>/milestones/new/", schedule_views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/edit/", schedule_views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", schedule_views.milestone_delete,
         name="milestone_delete"),
]
