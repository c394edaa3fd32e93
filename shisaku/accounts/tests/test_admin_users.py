"""A planning admin manages users in the admin without handing out more than they hold."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from shisaku.accounts.models import GROUP_NAMES, Role, User
from shisaku.core.tests.admin_forms import unchanged_post_data


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (user.role, user.is_superuser, user.is_staff, user.is_active, user.password,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)))


def post_unchanged(client, user, **changes):
    page = client.get(change_url(user))
    assert page.status_code == 200
    return client.post(change_url(user), unchanged_post_data(page) | changes)


def test_a_planning_admin_cannot_make_another_user_a_superuser(client, users, kikaku):
    viewer = users["viewer"]
    before = snapshot(viewer)
    client.force_login(kikaku)

    page = client.get(change_url(viewer))
    assert "is_superuser" not in page.context["adminform"].form.fields
    post_unchanged(client, viewer, is_superuser="on", is_staff="on")

    assert snapshot(viewer) == before
    assert not User.objects.get(pk=viewer.pk).is_superuser


def test_a_planning_admin_cannot_make_themselves_superuser_or_change_their_own_role(
        client, kikaku):
    before = snapshot(kikaku)
    client.force_login(kikaku)
    form = client.get(change_url(kikaku)).context["adminform"].form
    assert "role" not in form.fields and "is_superuser" not in form.fields

    post_unchanged(client, kikaku, is_superuser="on", role=Role.VIEWER)
    assert snapshot(kikaku) == before


def test_a_planning_admin_cannot_change_delete_or_reset_a_superuser(client, kikaku, root):
    before = snapshot(root)
    client.force_login(kikaku)

    page = client.get(change_url(root))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert "この利用者にはあなたより広い権限があるため、変更・削除できません。" in html

    assert client.post(change_url(root), {"username": "root", "is_active": ""}).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.post(password_url, {"password1": "Hijack-Pass-99", "password2": "Hijack-Pass-99",
                                       "usable_password": "true"}).status_code == 403
    delete = reverse("admin:accounts_user_delete", args=[root.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(reverse("admin:accounts_user_changelist"), {
        "action": "delete_selected", "_selected_action": [root.pk], "post": "yes"})

    assert snapshot(root) == before


def test_a_planning_admin_cannot_grant_a_permission_they_do_not_hold(client, users, kikaku):
    viewer = users["viewer"]
    foreign = Permission.objects.get(codename="add_group")  # auth: not the planning division's
    assert not kikaku.has_perm("auth.add_group")
    before = snapshot(viewer)
    client.force_login(kikaku)

    response = post_unchanged(client, viewer, user_permissions=[str(foreign.pk)])
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("user_permissions")
    assert snapshot(viewer) == before


def test_a_planning_admin_may_grant_a_permission_they_hold(client, users, kikaku):
    viewer = users["viewer"]
    own = Permission.objects.get(codename="view_project")
    assert kikaku.has_perm("projects.view_project")
    client.force_login(kikaku)
    assert post_unchanged(client, viewer, user_permissions=[str(own.pk)]).status_code == 302
    assert list(viewer.user_permissions.all()) == [own]


def test_a_planning_admin_cannot_touch_a_user_who_holds_more(client, users, kikaku):
    viewer = users["viewer"]
    viewer.user_permissions.add(Permission.objects.get(codename="change_group"))
    before = snapshot(viewer)
    client.force_login(kikaku)
    assert client.post(change_url(viewer), {"username": "x", "role": Role.VIEWER}).status_code == 403
    assert snapshot(viewer) == before


def test_a_planning_admin_changes_a_role_and_the_group_and_staff_flag_follow(
        client, users, kikaku):
    viewer = users["viewer"]
    client.force_login(kikaku)
    assert post_unchanged(client, viewer, role=Role.PLANNING_ADMIN).status_code == 302
    viewer = User.objects.get(pk=viewer.pk)
    assert viewer.role == Role.PLANNING_ADMIN and viewer.is_staff and not viewer.is_superuser
    assert list(viewer.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.PLANNING_ADMIN]]


def test_a_superuser_can_make_a_superuser_and_grant_any_permission(client, users, root):
    viewer = users["viewer"]
    foreign = Permission.objects.get(codename="add_group")
    client.force_login(root)
    response = post_unchanged(client, viewer, is_superuser="on",
                              user_permissions=[str(foreign.pk)])
    assert response.status_code == 302
    viewer = User.objects.get(pk=viewer.pk)
    assert viewer.is_superuser and viewer.is_staff
    assert list(viewer.user_permissions.all()) == [foreign]


def test_the_role_keeps_its_group_even_when_a_superuser_edits_the_groups(client, users, root):
    viewer = users["viewer"]
    extra = Group.objects.create(name="監査")
    client.force_login(root)
    response = post_unchanged(client, viewer, role=Role.SECTION_EDITOR,
                              sections=[str(users["section_editor"].sections.get().pk)],
                              groups=[str(extra.pk)])
    assert response.status_code == 302
    names = set(User.objects.get(pk=viewer.pk).groups.values_list("name", flat=True))
    assert names == {GROUP_NAMES[Role.SECTION_EDITOR], "監査"}


def test_a_planning_admin_adds_a_user_with_a_role_but_never_a_superuser(client, kikaku):
    client.force_login(kikaku)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "shinjin", "password1": "Shinjin-Pass-42", "password2": "Shinjin-Pass-42",
        "role": Role.VIEWER, "is_superuser": "on", "usable_password": "true"})
    assert response.status_code == 302
    user = User.objects.get(username="shinjin")
    assert (user.role, user.is_superuser, user.is_staff) == (Role.VIEWER, False, False)
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.VIEWER]]
