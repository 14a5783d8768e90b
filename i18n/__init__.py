"""The message catalogues of every plugin of the bundle: one gettext domain
per plugin (``ckanext-<plugin>``), German and English, in
``<locale>/LC_MESSAGES/``; ``ckanext-<plugin>.pot`` holds the extracted
message ids (``make i18n``).

Installed as the package ``ckanext.kommunal.i18n`` (see setup.py); the
plugins read it through :class:`ckanext.kommunal.translation.KommunalTranslation`.
"""
