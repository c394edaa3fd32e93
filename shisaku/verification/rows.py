"""The verification dashboard's rows, read as values.

A page of each of its three tables built some 600 model instances (an opinion with its
sheet, project, section, article and response) to print a target, a number, a text and a
classification per row: a third of the page's time. These light records carry what the
rows print; `label` and `target_label` say it as Opinion's do (tests/test_dashboard_tables.py
checks the tables print what the template loops printed from the instances).
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from shisaku.lib.articles import format_article
from shisaku.lib.textnorm import circled
from shisaku.sheets.progress import ProjectName  # a project's heading from its three fields

from .models import Opinion, Response

#: What a row of opinions reads (Opinion.objects.values(*OPINION_FIELDS)).
OPINION_FIELDS = ("pk", "scope", "number", "text", "sheet_id", "group",
                  "sheet__project__name", "sheet__project__group", "sheet__project__position",
                  "article_id", "article__number", "article__title",
                  "sheet__project__section__name", "response__classification")
#: What a row of responses reads (Response.objects.values(*RESPONSE_FIELDS)).
RESPONSE_FIELDS = ("pk", "text", *("opinion__" + name for name in OPINION_FIELDS
                                   if not name.startswith("response__")))

_CLASSIFICATIONS = dict(Response.Classification.choices)


@dataclass(slots=True)
class OpinionRow:
    pk: int
    scope: str
    number: int
    text: str
    sheet_id: int | None
    group: str
    project: ProjectName | None
    article: str | None  # "第12条 title", as str(Article)
    section: str | None
    classification: str | None  # the response's, None while unanswered

    @classmethod
    def of(cls, values: dict, prefix: str = "") -> "OpinionRow":
        def get(name: str):
            return values.get(prefix + name)

        project = (ProjectName(get("sheet__project__name"), get("sheet__project__group"),
                               get("sheet__project__position"))
                   if get("sheet__project__name") is not None else None)
        article = (f"{format_article(get('article__number'))} {get('article__title')}"
                   if get("article_id") is not None else None)
        return cls(pk=get("pk"), scope=get("scope"), number=get("number"), text=get("text"),
                   sheet_id=get("sheet_id"), group=get("group"), project=project,
                   article=article, section=get("sheet__project__section__name"),
                   classification=get("response__classification"))

    @property
    def label(self) -> str:  # as Opinion.label
        return circled(self.number) if self.number and self.number <= 20 else f"({self.number})"

    @property
    def target_label(self) -> str:  # as Opinion.target_label
        if self.scope == Opinion.Scope.SHEET and self.project is not None:
            return self.project.heading  # type: ignore[misc]  # Project.heading on the same three fields
        if self.scope == Opinion.Scope.GROUP:
            return self.group
        if self.scope == Opinion.Scope.ARTICLE and self.article is not None:
            return self.article
        return gettext("施策全体")

    @property
    def classification_label(self) -> str:
        if self.classification is None:
            return ""
        return str(_CLASSIFICATIONS.get(self.classification, self.classification))


@dataclass(slots=True)
class ResponseRow:
    pk: int
    text: str
    opinion: OpinionRow

    @classmethod
    def of(cls, values: dict) -> "ResponseRow":
        return cls(pk=values["pk"], text=values["text"],
                   opinion=OpinionRow.of(values, "opinion__"))

    @property
    def label(self) -> str:
        return self.opinion.label
