from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedModelForm
from shisaku.core.forms import CleanForm, CleanModelForm
from shisaku.plan.models import Node

from .lineage import validate_event
from .models import LineageEvent, Placement, Project


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = ["name", "group", "position", "section", "articles", "first_fy", "last_fy",
                  "description"]
        widgets = {"articles": forms.CheckboxSelectMultiple}


class ProjectDescriptionForm(VersionedModelForm):
    """What a section editor may change on their own project."""

    class Meta:
        model = Project
        fields = ["description"]


class PlacementForm(CleanModelForm):
    class Meta:
        model = Placement
        fields = ["node", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = (
            Node.objects.filter(level__in_tree=True)
            .select_related("program", "level")
            .order_by("program__ordinal", "level__order", "code")
        )
        self.fields["node"].label_from_instance = lambda n: f"{n.program.name} {n.code} {n.title}"


class LineageEventForm(CleanModelForm):
    class Meta:
        model = LineageEvent
        fields = ["kind", "effective_fy", "predecessors", "successors", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            validate_event(
                cleaned.get("kind"),
                cleaned.get("effective_fy"),
                list(cleaned.get("predecessors") or []),
                list(cleaned.get("successors") or []),
                exclude_event_id=self.instance.pk,
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return cleaned


class ProjectFilterForm(CleanForm):
    q = forms.CharField(label=_("事業名"), required=False)
    article = forms.IntegerField(label=_("条文"), required=False, min_value=1)
    section = forms.IntegerField(label=_("所管課"), required=False, min_value=1)
