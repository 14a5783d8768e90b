"""OParl harvester: council information systems (OParl 1.0/1.1) as open data.

A ckanext-harvest harvester of source type ``oparl``. Its modules:

- :mod:`.harvester`: the harvester; gather crawls, import publishes;
- :mod:`.client`: the OParl HTTP client (sessions, retries, circuit breaker,
  paginated lists, tolerant JSON, vendor fix-ups of ``vendors.yaml``), no
  CKAN;
- :mod:`.crawl`: gather: the server's lists through the privacy filter into
  the store (incremental runs, deletions, the mass-deletion brake);
- :mod:`.privacy`: the privacy filter, its rules and profiles in
  ``privacy.yaml``;
- :mod:`.records`: OParl objects as typed, immutable records;
- :mod:`.mapping`: records to DCAT-AP.de dataset dicts and snapshot rows, as
  declared in ``mapping.yaml``;
- :mod:`.publish`: import: datasets and their snapshots built from the store
  and saved through ``package_create``/``package_update``;
- :mod:`.snapshots`: the CSV and JSON snapshot files, byte for byte stable;
- :mod:`.rowcache`: snapshot rows computed once, when an object is stored;
- :mod:`.store`: the harvester's store of published objects;
  :mod:`.model`, ``migration/oparl_harvester/``: its tables (schema
  ``oparl_harvester``); :mod:`.ckan_db`: CKAN's engine and ckanext-harvest's
  rows, typed;
- :mod:`.report`: the German report of a run, shown on the job page;
- :mod:`.form`: the settings as fields of the source form;
  :mod:`.logic`: their schema and validators, the chained actions;
- :mod:`.helpers`, ``templates/``: the source form's settings fields and
  help, the run report on the job page;
- :mod:`.messages`: messages in the reader's or the portal's language;
- :mod:`.harvest_queue`: keeps ckanext-harvest's queue consumers alive under
  redis-py 8;
- :mod:`.cli`: ``ckan oparl-harvester check URL``;
- :mod:`.config`: typed settings (``config_declaration.yaml``);
- :mod:`.plugin`: wiring.
"""
