"""Admin building blocks shared by the apps.

The admin is one more write path, so it obeys the same rules as the screens:

- every change goes through a ModelForm (``full_clean`` runs) and ``save()``/``delete()`` on
  model instances, never ``queryset.update()``, so model rules and the audit signals see it;
- rows written by a domain service (sheets, values, opinions, responses, history, published
  documents) are only viewed here (``ReadOnlyAdminMixin``);
- a published year is final: nothing that belongs to a 公表済 cycle changes or goes away here
  (``PublishedYearLockMixin``).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class DomainAdmin(admin.ModelAdmin):
    """Base of every Shisaku ModelAdmin: writes are single-instance saves and deletes."""

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
