"""What several plugins of the bundle share; no plugin itself.

Its modules:

- :mod:`.text`: German text folded for comparing (umlauts spelled out) and
  made into CKAN names.
"""
