"""Users in the admin: nobody hands out more than they hold.

A planning admin (企画課, staff through their role) manages the other users' role and
sections, but cannot make anyone a superuser, cannot grant a permission they do not hold
themselves, cannot touch a user who holds more than they do (a superuser, say) and cannot
change their own role. Superusers can do everything. A user's role decides their group:
the role is saved on the user and ``signals.sync_role_group`` keeps the group and the staff
flag in step, after the form's many-to-many fields too.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shisaku.core.admin import DomainAdmin
from shisaku.core.forms import CleanTextMixin

from .models import GROUP_NAMES, Role, User
from .signals import sync_role_group

BEYOND_OWN_MESSAGE = _("この利用者にはあなたより広い権限があるため、変更・削除できません。")


def held_permissions(user: User) -> set[int]:
    """Ids of the permissions a user holds directly or through their groups (active or not)."""
    if user.pk is None:
        return set()
    return set(Permission.objects.filter(Q(user=user) | Q(group__user=user))
               .values_list("pk", flat=True))


def role_permissions(role: Role) -> set[int]:
    return set(Permission.objects.filter(group__name=GROUP_NAMES[role]).values_list("pk", flat=True))


def within_reach(editor: User, target: User | None) -> bool:
    """May `editor` change `target`? Only if the target holds nothing the editor lacks."""
    if editor.is_superuser or target is None:
        return True
    if target.is_superuser:
        return False
    return held_permissions(target) <= held_permissions(editor)


def grantable_roles(editor: User) -> list[Role]:
    """The roles whose group carries no permission the editor lacks."""
    if editor.is_superuser:
        return list(Role)
    own = held_permissions(editor)
    return [role for role in Role if role_permissions(role) <= own]


class RoleCheckedForm(CleanTextMixin, BaseUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role") if "role" in self.fields else self.instance.role
        if "sections" in self.fields:
            sections = cleaned.get("sections")
        else:
            sections = self.instance.sections.all() if self.instance.pk else []
        if role == Role.SECTION_EDITOR and not sections:
            raise ValidationError(_("所管課（入力担当）には担当する所管課を1つ以上選んでください。"))
        return cleaned


class UserAddForm(CleanTextMixin, BaseUserAdmin.add_form):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin, DomainAdmin):
    form = RoleCheckedForm
    add_form = UserAddForm
    list_display = ["username", "last_name", "first_name", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2", "role"]}),
    ]
    filter_horizontal = ["sections", "groups", "user_permissions"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return [
            (None, {"fields": ["username", "password"]}),
            (_("個人情報"), {"fields": ["last_name", "first_name", "email"]}),
            (_("役割"), {"fields": ["role", "sections", "is_active"]}),
            (_("権限"), {
                "fields": ["is_superuser", "groups", "user_permissions"],
                "description": _("グループは役割に合わせて自動で設定されます。"
                                 "自分が持っていない権限は付与できません。"),
            }),
            (_("記録"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        if request.user.is_superuser:
            return readonly
        # The role decides the group; only a superuser makes superusers.
        readonly += ["is_superuser", "groups"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["role", "user_permissions"]
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(r.value, r.label) for r in grantable_roles(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions" and not request.user.is_superuser:
            kwargs["queryset"] = Permission.objects.filter(
                pk__in=held_permissions(request.user)).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not within_reach(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not within_reach(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Read-only fields never reach the form; this is the last word all the same.
            if obj.is_superuser and not (change and User.objects.filter(
                    pk=obj.pk, is_superuser=True).exists()):
                raise PermissionDenied(_("スーパーユーザーにできるのはスーパーユーザーだけです。"))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form's groups may have replaced the role's group: put the role's back.
        sync_role_group(User, form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, admin.utils.unquote(object_id))
            if obj is not None and not within_reach(request.user, obj):
                self.message_user(request, BEYOND_OWN_MESSAGE, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)
