"""dcat_ap_de: DCAT-AP.de 3.0, GovData's metadata standard: the dataset
form's validators, the RDF profile and conformance checks with the official
shapes.

Its modules:

- :mod:`.codelists`: the DCAT-AP.de code lists (``codelists/<name>.yaml``)
  and the licence register (``codelists/licenses.json``): membership,
  canonical IRIs, labels, select choices;
- :mod:`.logic`: the validators of the DCAT-AP.de fields (named in the
  scheming schema ``schemas/dcat_ap_de/``), the action
  ``dcat_ap_de_validate_dataset``, its auth function and input schema;
- :mod:`.mapping`: the table CKAN field ↔ RDF property, read from
  ``mapping.yaml``;
- :mod:`.profile`: the ckanext-dcat RDF profile ``dcat_ap_de``, on top of
  ``euro_dcat_ap_3`` (registered by entry point, not by the plugin);
- :mod:`.validation`: SHACL conformance checks with the official shapes,
  kept compiled; findings that name the form field to fix;
- :mod:`.views`, ``templates/``: the page "DCAT-AP.de-Prüfung" of a dataset
  and its tab;
- :mod:`.helpers`: template helpers (choices and labels from the code
  lists);
- :mod:`.cli`: ``ckan dcat-ap-de validate|fetch-shapes``; the files
  ``fetch-shapes`` downloads are listed in ``shape_sources.yaml``;
- :mod:`.config`: typed settings (``config_declaration.yaml``);
- :mod:`.plugin`: wiring (scheming and profile defaults, plugin order
  check, translations).
"""
