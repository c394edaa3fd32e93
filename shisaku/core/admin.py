"""Admin building blocks shared by the apps."""


class ReadOnlyAdminMixin:
    """Rows written through the screens (which number, lock and record history) are only
    viewed in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
