from .census import CensusValue
from .dataset import Dataset, Period, groups_of, spans_groups
from .procurement import ProcurementFigure, SubsidisedContracts
from .series import BankruptcyCount, DiValue, JobOfferRatio, RdInstitutionCount
from .survey import Option, Question, Survey, SurveyStratum

__all__ = [
    "BankruptcyCount", "CensusValue", "Dataset", "DiValue", "JobOfferRatio", "Option", "Period",
    "ProcurementFigure", "Question", "RdInstitutionCount", "SubsidisedContracts", "Survey",
    "SurveyStratum", "groups_of", "spans_groups",
]
