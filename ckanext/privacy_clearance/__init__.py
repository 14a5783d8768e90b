"""privacy_clearance: no dataset becomes public without its department's
data-protection clearance (Datenschutzfreigabe).

Its modules:

- :mod:`.plugin`: the wiring into CKAN (interfaces, blanket registrations).
- :mod:`.guard`: the check on every dataset write; :mod:`.clearance`: a
  dataset's clearance row and its transitions.
- :mod:`.workflow`: states, transitions and the approval checklist of
  ``workflow.yaml`` and ``checklist.yaml``.
- :mod:`.fingerprint`: the reviewed content of a dataset and its hash;
  :mod:`.storage`: reading uploaded files for it and for the scan.
- :mod:`.model`: the plugin's tables (``*_table``), created by the
  migrations in ``migration/privacy_clearance/``.
- :mod:`.eventlog`: the append-only, hash-chained logs; :mod:`.anchor`: their
  heads kept outside the database.
- :mod:`.roles`: reviewers, data-protection officers, organisation admins.
- :mod:`.notify`: the e-mails of the workflow (``notifications.yaml``).
- :mod:`.jobs`: the background job that runs the scan.
- :mod:`.scan`: the personal-data scan itself (CKAN-free).
- :mod:`.language`: which language a text speaks (request or portal).
- :mod:`.logic`: actions, auth functions, schemas and validators;
  :mod:`.views`, :mod:`.helpers`: the pages; :mod:`.cli`: ``ckan
  privacy-clearance``; :mod:`.config`: typed settings.
"""
