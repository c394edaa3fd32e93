"""Every write of the plan, its programs and hierarchy nodes from the screens: permission,
version, validation, one transaction. A stale save raises core.concurrency.EditConflict and
writes nothing."""

from django.db import transaction

from shisaku.accounts import access
from shisaku.audit.context import audited
from shisaku.core.concurrency import write_versioned

from .models import Node, Plan, Program, validate_informs


def _save(model, instance, user, values, expected_version):
    access.require(access.can_manage_plan(user))
    fields = {f.name for f in model._meta.get_fields()}
    unknown = set(values) - fields
    if unknown:
        raise TypeError(f"unknown {model.__name__} fields: {sorted(unknown)}")
    return write_versioned(model.objects.select_related("updated_by"), instance, values,
                           expected_version, user=user)


@audited
@transaction.atomic
def save_plan(plan: Plan | None, user, *, expected_version: int | None = None,
              **values) -> Plan:
    return _save(Plan, plan, user, values, expected_version)


@audited
@transaction.atomic
def save_program(program: Program | None, user, *, expected_version: int | None = None,
                 **values) -> Program:
    return _save(Program, program, user, values, expected_version)


@audited
@transaction.atomic
def save_node(node: Node | None, user, *, expected_version: int | None = None,
              **values) -> Node:
    """A hierarchy node (体系項目): its place, code, title, description and links."""
    if values.get("informs"):
        probe = Node(program=values.get("program") or (node.program if node else None),
                     level=values.get("level") or (node.level if node else None))
        validate_informs(probe, values["informs"])
    return _save(Node, node, user, values, expected_version)
