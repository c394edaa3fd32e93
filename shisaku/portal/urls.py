from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("years/", views.years, name="years"),
    path("years/<int:fy>/", views.year, name="year"),
    path("years/<int:fy>/documents/<slug:kind>.<slug:fmt>", views.document, name="document"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("plan/", views.plan, name="plan"),
    path("plan/programs/<int:pk>/summary.<slug:fmt>", views.plan_summary, name="plan_summary"),
    path("stats/", views.stats, name="stats"),
    path("stats/<slug:slug>.svg", views.stats_chart, name="stats_chart"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("language/", views.language, name="language"),
]
