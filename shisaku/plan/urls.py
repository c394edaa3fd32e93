from django.urls import path

from . import drafting_views, views

app_name = "plan"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("programs/new/", views.program_edit, name="program_create"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("nodes/new/", views.node_edit, name="node_create"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node_edit"),
    # the program turn (plan.drafting)
    path("drafts/", drafting_views.drafts, name="drafts"),
    path("programs/<int:pk>/next/", drafting_views.start, name="draft_start"),
    path("programs/<int:pk>/draft/", drafting_views.draft, name="draft"),
    path("programs/<int:pk>/stage/", drafting_views.move_stage, name="draft_stage"),
    path("programs/<int:pk>/mapping/", drafting_views.mapping, name="mapping"),
    path("programs/<int:pk>/compare/", drafting_views.compare, name="compare"),
    path("programs/<int:pk>/review.<str:fmt>", drafting_views.review, name="program_review"),
]
