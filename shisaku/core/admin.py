"""Admin building blocks shared by the apps.

The admin is one more write path, so it obeys the same rules as the screens:

- every change goes through a ModelForm (``full_clean`` runs) and ``save()``/``delete()`` on
  model instances, never ``queryset.update()``, so model rules and the audit signals see it;
- rows written by a domain service (sheets, values, opinions, responses, history, published
  documents) are only viewed here (``ReadOnlyAdminMixin``);
- a published year is final: nothing that belongs to a 公表済 cycle changes or goes away here
  (``PublishedYearLockMixin``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .concurrency import VERSION_FIELD, conflict_message
from .forms import CleanModelForm


def _versioned(model) -> bool:
    return any(f.name == VERSION_FIELD for f in model._meta.concrete_fields)


def versioned_admin_form(form_class):
    """The admin form of a versioned record carries the version it was opened with."""
    if VERSION_FIELD in form_class.base_fields:
        return form_class  # the site's own VersionedModelForm already does

    class VersionedAdminForm(form_class):
        version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is not None:
                self.fields[VERSION_FIELD].initial = self.instance.version

        def clean(self):
            data = super().clean()
            if self.instance.pk is not None:
                current = type(self.instance)._default_manager.get(pk=self.instance.pk)
                if data.get(VERSION_FIELD) != current.version:
                    raise ValidationError(conflict_message(current))
            return data

    VersionedAdminForm.__name__ = form_class.__name__
    return VersionedAdminForm


class DomainAdmin(admin.ModelAdmin):
    """Base of every Shisaku ModelAdmin: writes are single-instance saves and deletes.

    A versioned record (one edited on the screens with optimistic concurrency) carries its
    version through the admin form too: a stale admin save is refused, and every admin save
    moves the version on, so a screen opened before it notices.
    """

    form = CleanModelForm  # text fields refuse control characters (the model does too)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if _versioned(self.model) and kwargs.get("fields") is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != VERSION_FIELD]
        elif _versioned(self.model) and "fields" not in kwargs:
            from django.contrib.admin.utils import flatten_fieldsets

            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            kwargs["fields"] = [f for f in fields if f != VERSION_FIELD]
        form = super().get_form(request, obj, change, **kwargs)
        return versioned_admin_form(form) if _versioned(self.model) else form

    def save_model(self, request, obj, form, change):
        if change and _versioned(self.model):
            with transaction.atomic():
                opened = form.cleaned_data.get(VERSION_FIELD)
                moved = type(obj)._default_manager.filter(pk=obj.pk, version=opened).update(
                    version=F(VERSION_FIELD) + 1)
                if not moved:
                    raise ValidationError(conflict_message(
                        type(obj)._default_manager.get(pk=obj.pk)))
                obj.version = opened + 1
                super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # The bulk action deletes one instance at a time so model delete() and the
        # audit trail's signals see every row, all or nothing.
        with transaction.atomic():
            for obj in queryset:
                obj.delete()


class ReadOnlyAdminMixin:
    """Rows written through the screens (which number, lock and record history) are only
    viewed in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


PUBLISHED_YEAR_MESSAGE = _("公表済の年度の記録は管理画面では変更・削除できません。"
                           "公表後の訂正は訂正の手続きで行ってください。")


class PublishedYearLockMixin:
    """Objects of a published cycle are shown read-only and cannot be deleted.

    ``cycle_field`` names the foreign key to ``sheets.Cycle`` (``None`` when the object is
    the cycle itself). The cycle can only be picked among the cycles not yet published, so
    nothing is added to, or moved into, a published year either.
    """

    cycle_field: str | None = "cycle"

    def cycle_of(self, obj):
        if obj is None:
            return None
        if self.cycle_field is None:
            return obj
        if getattr(obj, f"{self.cycle_field}_id", None) is None:
            return None
        return getattr(obj, self.cycle_field)

    def in_published_year(self, obj) -> bool:
        cycle = self.cycle_of(obj)
        return cycle is not None and cycle.is_published

    def has_change_permission(self, request, obj=None):
        if self.in_published_year(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.in_published_year(obj):
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.cycle_field and db_field.name == self.cycle_field:
            cycles = db_field.related_model.objects
            kwargs["queryset"] = cycles.exclude(pk__in=cycles.published().values("pk"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, admin.utils.unquote(object_id))
            if self.in_published_year(obj):
                self.message_user(request, PUBLISHED_YEAR_MESSAGE, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)
