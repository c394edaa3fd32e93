from .cycle import Cycle
from .history import SheetChange
from .indicator import Indicator, IndicatorValue
from .procurement import EvaluationItem, ProcurementPage
from .sheet import Sheet

__all__ = ["Cycle", "EvaluationItem", "Indicator", "IndicatorValue", "ProcurementPage", "Sheet",
           "SheetChange"]
