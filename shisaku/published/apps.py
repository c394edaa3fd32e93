from django.apps import AppConfig


class PublishedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shisaku.published"
    verbose_name = "公表済の記録"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .generation import forget

        # Any write this process makes may change what the public reads: read the
        # generation afresh on the next request (other processes: within generation.TTL).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(forget, dispatch_uid=f"published-generation-{signal!r}")
