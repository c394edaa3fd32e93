"""Read-only in the admin: notices are written by notify(), deadlines by update_schedule(),
preferences by each user on their own page."""

from django.contrib import admin

from shisaku.core.admin import DomainAdmin, ReadOnlyAdminMixin

from .models import Deadline, Notification, Preference


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["cycle", "step", "section", "due"]
    list_filter = ["step"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["created_at", "user", "kind", "text", "read_at", "emailed_at"]
    list_filter = ["kind"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdminMixin, DomainAdmin):
    list_display = ["user", "email"]
