from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class RoleCheckedForm(BaseUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.SECTION_EDITOR and not cleaned.get("sections"):
            raise ValidationError(_("所管課（入力担当）には担当する所管課を1つ以上選んでください。"))
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = RoleCheckedForm
    list_display = ["username", "last_name", "first_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("個人情報"), {"fields": ["last_name", "first_name", "email"]}),
        (_("役割"), {"fields": ["role", "sections", "is_active", "is_superuser"]}),
        (_("記録"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2", "role"]}),
    ]
    filter_horizontal = ["sections"]
