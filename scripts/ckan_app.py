"""CKAN's start-up for the scripts beside this module, as ``ckan -c INI`` does it.

The benchmarks and the demo content run CKAN in-process (actions, the model,
the search index) without a web server: they read the config file, start
CKAN with it (plugins, database, search) and, where actions or templates
need one, run inside a request context. Used as::

    import ckan_app  # scripts/ is on sys.path when running scripts/<name>.py

    with ckan_app.running(ini, {"ckan.plugins": "..."}):
        ...  # toolkit.get_action(...) and the model work here

CKAN is imported only when a function here is called, so a script can check
its arguments and input files first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ckan.config.middleware.flask_app import CKANFlask
    from ckan.types import Config

Ini = str | os.PathLike[str]


def read_config(ini: Ini) -> Config:
    """Read a CKAN config file as CKAN's CLI does (``use = config:`` chains
    followed), without starting CKAN.

    :param ini: the config file
    :returns: its settings
    """
    from ckan.cli import load_config

    return load_config(os.fspath(ini))


def start(ini: Ini, settings: Mapping[str, Any] | None = None) -> CKANFlask:
    """Start CKAN from a config file: plugins, database model, search backend.

    :param ini: the config file
    :param settings: settings that replace the file's (e.g. another
        ``sqlalchemy.url`` or ``ckan.plugins``)
    :returns: CKAN's Flask app, for a request context
        (``app.test_request_context()``)
    """
    from ckan.config.middleware import make_app

    config = read_config(ini)
    config.update(settings or {})
    # make_app returns the app wrapped in the plugins' middleware; CKAN keeps
    # the Flask app itself on it as _wsgi_app
    return make_app(config)._wsgi_app  # type: ignore[attr-defined]


@contextmanager
def running(ini: Ini, settings: Mapping[str, Any] | None = None) -> Iterator[CKANFlask]:
    """Start CKAN as :func:`start` does and run the block in a request context,
    as actions, ``url_for`` and templates need.

    :param ini: the config file
    :param settings: settings that replace the file's
    :returns: CKAN's Flask app (the value of ``with ... as app``)
    """
    app = start(ini, settings)
    with app.test_request_context():
        yield app
