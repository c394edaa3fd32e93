from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    # The public side: no sign-in.
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/form/", views.public_form, name="public_form"),
    path("public/<int:pk>/thanks/", views.public_thanks, name="public_thanks"),
    path("public/<int:pk>/result/", views.public_result_page, name="public_result"),
    path("public/<int:pk>/documents/result.<slug:fmt>", views.public_document, name="public_document"),
    # The planning division.
    path("", views.staff_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/open/", views.open_period, name="open"),
    path("<int:pk>/close/", views.close_period, name="close"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/opinions/new/", views.opinion_add, name="opinion_add"),
    path("opinions/<int:opinion_pk>/classify/", views.classify, name="classify"),
    path("opinions/<int:opinion_pk>/view/", views.write_view, name="view"),
]
