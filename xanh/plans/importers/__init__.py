"""Plan importers: read a file (text, DOCX, XLSX, CSV), then analyse what it says."""

from xanh.plans.importers.analysis import AnalysedPlan, analyse
from xanh.plans.importers.readers import read_plan_source

__all__ = ["AnalysedPlan", "analyse", "read_plan_source"]
