"""Evaluation against gold folders in the format of shared/eval/SCHEMA.md."""

from __future__ import annotations

from .gold import GoldArticle, load_gold
from .run import EvalResult, evaluate, format_report
from .score import FIELDS, FieldScore

__all__ = ["FIELDS", "EvalResult", "FieldScore", "GoldArticle", "evaluate", "format_report", "load_gold"]
