"""pg_search: CKAN's search on PostgreSQL instead of Solr.

Wiring only; the backend is in :mod:`ckanext.pg_search.backend`.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig

from . import backend


@tk.blanket.config_declarations
class PgSearchPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    # IConfigurer: the earliest hook, before CKAN checks its Solr schema

    def update_config(self, config: CKANConfig) -> None:
        backend.install()

    # IConfigurable: rebind modules imported while other plugins loaded

    def configure(self, config: CKANConfig) -> None:
        backend.install()
