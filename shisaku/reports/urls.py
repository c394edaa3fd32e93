from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("published/", views.public_list, name="public"),
    path("published/<int:fy>/<str:kind>.<str:fmt>", views.public_download, name="public_download"),
    path("programs/<int:pk>/summary.<str:fmt>", views.plan_summary, name="plan_summary"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/preview/", views.profile_preview, name="profile_preview"),
    path("fy/<int:fy>/", views.index, name="index"),
    path("fy/<int:fy>/publish/", views.publish_view, name="publish"),
    path("fy/<int:fy>/<str:kind>.<str:fmt>", views.download, name="download"),
    path("fy/<int:fy>/<str:kind>.<str:fmt>/job/", views.build_job, name="build_job"),
]
