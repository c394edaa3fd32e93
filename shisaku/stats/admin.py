from django.contrib import admin

from shisaku.core.admin import DomainAdmin

from .models import (
    BankruptcyCount,
    CensusValue,
    Dataset,
    DiValue,
    JobOfferRatio,
    Option,
    Period,
    ProcurementFigure,
    Question,
    RdInstitutionCount,
    SubsidisedContracts,
    Survey,
    SurveyStratum,
)


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0
    fields = ["key", "label", "order", "comparability_group", "released_on", "note"]


@admin.register(Dataset)
class DatasetAdmin(DomainAdmin):
    list_display = ["title", "slug", "kind", "measure", "release", "source", "order"]
    list_filter = ["kind", "release"]
    search_fields = ["title", "slug", "source"]
    inlines = [PeriodInline]


class StratumInline(admin.TabularInline):
    model = SurveyStratum
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(DomainAdmin):
    list_display = ["dataset", "population", "responses_as_of"]
    inlines = [StratumInline, QuestionInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(DomainAdmin):
    list_display = ["text", "survey", "kind", "n"]
    inlines = [OptionInline]


class FigureAdmin(DomainAdmin):
    """Figures are usually imported from files; the admin corrects a single cell."""

    list_select_related = ["period__dataset"]
    list_filter = ["period__dataset"]


admin.site.register(CensusValue, FigureAdmin, list_display=["period", "industry", "value"])
admin.site.register(DiValue, FigureAdmin, list_display=["period", "industry", "kind", "value"])
admin.site.register(BankruptcyCount, FigureAdmin, list_display=["period", "count"])
admin.site.register(JobOfferRatio, FigureAdmin, list_display=["period", "area", "ratio"])
admin.site.register(RdInstitutionCount, FigureAdmin,
                    list_display=["period", "ward", "kind", "count"])
admin.site.register(ProcurementFigure, FigureAdmin,
                    list_display=["period", "category", "contract_type", "count", "amount"])
admin.site.register(SubsidisedContracts, FigureAdmin,
                    list_display=["period", "scope", "count", "amount"])


@admin.register(Period)
class PeriodAdmin(DomainAdmin):
    list_display = ["dataset", "key", "label", "comparability_group", "released_on"]
    list_filter = ["dataset"]
    list_select_related = ["dataset"]


@admin.register(SurveyStratum)
class SurveyStratumAdmin(DomainAdmin):
    list_display = ["survey", "order", "label", "sent", "responses"]
    list_select_related = ["survey__dataset"]


@admin.register(Option)
class OptionAdmin(DomainAdmin):
    list_display = ["question", "order", "label", "count"]
    list_select_related = ["question"]
