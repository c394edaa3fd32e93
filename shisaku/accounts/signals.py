"""Keep a user's Django group and staff flag in step with their role."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import GROUP_NAMES, Role, User


@receiver(post_save, sender=User)
def sync_role_group(sender, instance: User, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    wanted = GROUP_NAMES[Role(instance.role)]
    groups = set(instance.groups.values_list("name", flat=True))
    role_groups = set(GROUP_NAMES.values())
    if groups & role_groups != {wanted}:
        group, _ = Group.objects.get_or_create(name=wanted)
        instance.groups.remove(*Group.objects.filter(name__in=role_groups - {wanted}))
        instance.groups.add(group)
    # Planning admins manage master data in the admin site; nobody else may enter it.
    staff = instance.role == Role.PLANNING_ADMIN or instance.is_superuser
    if instance.is_staff != staff:
        User.objects.filter(pk=instance.pk).update(is_staff=staff)
        instance.is_staff = staff
