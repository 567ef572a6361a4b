"""Figures from the loaded data: km², totals, changes between dates and by period, demand gaps, the demands
panel, pandas DataFrames for analysts.

Imports :mod:`territory.base` and :mod:`territory.data`.
"""
