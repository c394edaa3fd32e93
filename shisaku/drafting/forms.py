"""Forms of the program turn: starting program N+1, moving its stage, the mapping table."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shisaku.core.concurrency import VersionedForm
from shisaku.core.fields import FiscalYearFormField
from shisaku.core.forms import CleanForm
from shisaku.plan.models import Program

from .services import Kind, MappingInput

NEW_ROWS = 3  # blank rows for new projects per save


class StartProgramForm(CleanForm):
    levels = forms.CharField(
        label=_("階層"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("上位から1行に1つ。体系の外に並ぶ観点（ポイントなど）は行頭に「+」を付けます。"))
    last_fy = FiscalYearFormField(label=_("終了年度"), required=False,
                                  help_text=_("空欄は前期と同じ年数"))
    comprehensive_plan_period = forms.CharField(
        label=_("対応する総合計画の実施計画"), max_length=100, required=False)


class StageForm(VersionedForm):
    to = forms.ChoiceField(choices=Program.Stage.choices)


class MappingForm(VersionedForm):
    """One row per project of program N (kind, node, new name, merge target) and a few blank
    rows for new projects. Field names carry the project id: p12-kind, p12-node, n0-name."""

    def __init__(self, data=None, *, projects, nodes, initial_rows: dict, new_rows=(),
                 titles=None, **kwargs):
        super().__init__(data, **kwargs)
        self.projects = projects
        self.titles = titles or {}
        self.node_by_pk = {str(n.pk): n for n in nodes}
        self.project_by_pk = {str(p.pk): p for p in projects}
        node_choices = [("", "―")] + [(str(n.pk), f"{n.code} {n.title}") for n in nodes]
        project_choices = [("", "―")] + [(str(p.pk), p.name) for p in projects]
        kinds = [(k.value, k.label) for k in Kind if k != Kind.NEW]
        for project in projects:
            row = initial_rows.get(project.pk, {})
            prefix = f"p{project.pk}"
            self.fields[f"{prefix}-kind"] = forms.ChoiceField(
                label=_("移行の種別"), choices=kinds, initial=row.get("kind", Kind.CONTINUING))
            self.fields[f"{prefix}-node"] = forms.ChoiceField(
                label=_("新たな体系項目"), choices=node_choices, required=False,
                initial=row.get("node", ""))
            self.fields[f"{prefix}-name"] = forms.CharField(
                label=_("新しい事業名"), max_length=200, required=False,
                initial=row.get("new_name", ""))
            self.fields[f"{prefix}-into"] = forms.ChoiceField(
                label=_("統合先の事業"), choices=project_choices, required=False,
                initial=row.get("merge_into", ""))
        new_rows = list(new_rows) + [{}] * NEW_ROWS
        self.new_count = len(new_rows)
        for i, row in enumerate(new_rows):
            self.fields[f"n{i}-name"] = forms.CharField(
                label=_("新規事業名"), max_length=200, required=False,
                initial=row.get("new_name", ""))
            self.fields[f"n{i}-node"] = forms.ChoiceField(
                label=_("新たな体系項目"), choices=node_choices, required=False,
                initial=row.get("node", ""))

    def table(self):
        """(project, former node titles, kind, node, name, into) per project, for the template."""
        return [(p, "、".join(self.titles.get(p.pk, [])),
                 *(self[f"p{p.pk}-{part}"] for part in ("kind", "node", "name", "into")))
                for p in self.projects]

    def new_table(self):
        return [(self[f"n{i}-name"], self[f"n{i}-node"]) for i in range(self.new_count)]

    def rows(self) -> list[MappingInput]:
        data = self.cleaned_data
        rows = []
        for project in self.projects:
            prefix = f"p{project.pk}"
            rows.append(MappingInput(
                kind=data[f"{prefix}-kind"], project=project,
                node=self.node_by_pk.get(data[f"{prefix}-node"]),
                new_name=data[f"{prefix}-name"].strip(),
                merge_into=self.project_by_pk.get(data[f"{prefix}-into"])))
        for i in range(self.new_count):
            name = data[f"n{i}-name"].strip()
            node = self.node_by_pk.get(data[f"n{i}-node"])
            if name or node:
                rows.append(MappingInput(kind=Kind.NEW, node=node, new_name=name))
        return rows


class MilestoneForm(VersionedForm):
    """One step of the schedule; the version is the program's (it guards the schedule)."""

    title = forms.CharField(label=_("内容"), max_length=100)
    stage = forms.ChoiceField(label=_("策定段階"), required=False,
                              choices=[("", "―"), *Program.Stage.choices])
    starts_on = forms.DateField(label=_("開始"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("終了"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("1日だけの予定は空欄"))
    reported_to = forms.CharField(label=_("報告先"), max_length=200, required=False,
                                  help_text=_("例: 議会（委員会）、産業振興協議会"))

    FIELDS = ("title", "stage", "starts_on", "ends_on", "reported_to")

    def __init__(self, *args, program: Program | None = None, milestone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_version(program)
        if milestone is not None and not self.is_bound:
            for name in self.FIELDS:
                self.fields[name].initial = getattr(milestone, name)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
