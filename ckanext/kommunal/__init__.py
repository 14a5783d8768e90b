"""What several plugins of the bundle share; no plugin itself.

Its modules:

- :mod:`.text`: German text folded for comparing (umlauts spelled out) and
  made into CKAN names;
- :mod:`.config`: settings read with the defaults of a plugin's
  ``config_declaration.yaml``, also when the plugin is not loaded;
- :mod:`.migration`: the alembic environment of every plugin's
  ``migration/<plugin>/``, each plugin in a PostgreSQL schema of its own;
- :mod:`.translation`: the mixin that finds a plugin's catalogues in
  ``i18n/``, and messages in the portal's language for background jobs;
- :mod:`.catalogues`: the message catalogues as ``make i18n`` and the tests
  read them (extracted message ids, what ``i18n/`` holds).

``schemas/`` and ``i18n/`` at the top of the repository are installed as the
packages ``ckanext.kommunal.schemas`` (the ckanext-scheming schemas and
presets) and ``ckanext.kommunal.i18n`` (the message catalogues of every
plugin); see ``setup.py``.
"""
