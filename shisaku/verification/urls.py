from django.urls import path

from .views import opinions, pages, workspace

app_name = "verification"
urlpatterns = [
    path("", pages.index, name="index"),
    path("answer/", pages.to_answer, name="to_answer"),
    path("roster/", pages.roster, name="roster"),
    path("fy/<int:fy>/", pages.dashboard, name="dashboard"),
    path("fy/<int:fy>/workspace/", workspace.workspace, name="workspace"),
    path("fy/<int:fy>/packet.pdf", workspace.packet, name="packet"),
    path("fy/<int:fy>/opinions/new/", opinions.opinion_add, name="opinion_add"),
    path("fy/<int:fy>/main-opinions/", pages.main_opinions, name="main_opinions"),
    path("fy/<int:fy>/main-opinions/<int:pk>/edit/", pages.main_opinion_edit,
         name="main_opinion_edit"),
    path("fy/<int:fy>/main-opinions/<int:pk>/delete/", pages.main_opinion_delete,
         name="main_opinion_delete"),
    path("fy/<int:fy>/meetings/", pages.meetings, name="meetings"),
    path("fy/<int:fy>/meetings/new/", pages.meeting_edit, name="meeting_create"),
    path("fy/<int:fy>/meetings/<int:pk>/edit/", pages.meeting_edit, name="meeting_edit"),
    path("fy/<int:fy>/selection/", pages.selection, name="selection"),
    path("sheets/<int:sheet_pk>/opinions/", opinions.sheet_opinion_add, name="sheet_opinion_add"),
    path("opinions/<int:pk>/edit/", opinions.opinion_edit, name="opinion_edit"),
    path("opinions/<int:pk>/delete/", opinions.opinion_delete, name="opinion_delete"),
    path("opinions/<int:pk>/respond/", opinions.respond, name="respond"),
    path("responses/<int:pk>/follow-up/", opinions.follow_up, name="follow_up"),
    path("projects/<int:pk>/timeline/", pages.timeline, name="timeline"),
]
