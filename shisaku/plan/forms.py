from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedModelForm
from shisaku.core.forms import CleanForm, CleanModelForm

from .models import Node, Plan, Program, validate_informs


class PlanForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["name", "first_fy", "last_fy", "purpose", "position", "vision", "vision_note"]


class ProgramForm(VersionedModelForm):
    class Meta:
        model = Program
        fields = ["plan", "ordinal", "first_fy", "last_fy", "comprehensive_plan_period", "description"]


class NodeForm(CleanModelForm):
    class Meta:
        model = Node
        fields = ["program", "level", "parent", "code", "title", "order", "description",
                  "other_bureau", "informs"]

    def __init__(self, *args, program: Program | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        program = program or (self.instance.program if self.instance.program_id else None)
        if program is not None:
            self.fields["program"].initial = program
            self.fields["level"].queryset = program.levels.all()
            nodes = Node.objects.filter(program=program).select_related("level")
            self.fields["parent"].queryset = nodes.filter(level__in_tree=True)
            self.fields["informs"].queryset = nodes.filter(level__in_tree=True)

    def clean(self):
        cleaned = super().clean()
        level, informs = cleaned.get("level"), cleaned.get("informs")
        if level is not None and informs:
            probe = Node(program=cleaned.get("program"), level=level)
            try:
                validate_informs(probe, informs)
            except ValidationError as exc:
                self.add_error("informs", exc)
        return cleaned


class NodeEditForm(VersionedModelForm, NodeForm):
    """The node form of the plan screens: carries the version it was opened with.
    (The admin uses NodeForm.)"""


class ProgramChoiceForm(CleanForm):
    program = forms.ModelChoiceField(
        Program.objects.all(), label=_("実行プログラム"), to_field_name="ordinal",
        empty_label=None,
    )
