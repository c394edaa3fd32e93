from django.apps import AppConfig


class OpendataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shisaku.opendata"
