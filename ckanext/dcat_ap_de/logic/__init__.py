"""Logic of dcat_ap_de: the field validators and the conformance check action.

Its modules:

- :mod:`.validators`: the validators of the DCAT-AP.de fields (code or IRI of
  a code list, required fields, IRIs, e-mail, phone, dates, durations,
  formats, GeoJSON), with messages a clerk understands;
- :mod:`.action`: ``dcat_ap_de_validate_dataset``, a dataset checked against
  DCAT-AP.de 3.0 and GovData's quality rules;
- :mod:`.auth`: its auth function;
- :mod:`.schema`: its input schema.
"""
