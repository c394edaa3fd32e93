"""Statistics the plan and the report carry, with their provenance.

Figures are stored as the source printed them (``models``); everything derived from them —
changes, shares, totals, response rates — is computed when shown (``census``, ``survey``,
``series``, ``procurement``, rounded half up by ``ratios``). ``importers``/``exporters`` move
figures in and out of CSV and Excel (layouts in ``schemas``); ``presentation`` builds a
dataset's page, ``report`` what the annual report prints; ``demo`` loads the seeds' figures.
"""
