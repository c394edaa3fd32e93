from .cycle import Cycle
from .history import SheetChange
from .indicator import Indicator, IndicatorValue
from .sheet import Sheet

__all__ = ["Cycle", "Indicator", "IndicatorValue", "Sheet", "SheetChange"]
