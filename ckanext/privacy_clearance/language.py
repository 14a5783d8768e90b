"""The language of privacy_clearance's texts.

Message ids are English, as everywhere in the bundle; the bundle's
``i18n/`` holds the German and the English catalogue. A page speaks the
language of its request. Texts made without a request (the scan job, a
harvest, the CLI) and e-mails, which are read later by other people, speak
the portal's default language (``ckan.locale_default``):
:mod:`ckanext.kommunal.translation`.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import has_request_context

from ckanext.kommunal.translation import kommunal_gettext, kommunal_portal_gettext

# the marker for texts translated later; the CKAN-free scan's, so there is one
from .scan.messages import N_

__all__ = ["N_", "_", "current_lang", "portal_gettext", "portal_locale"]

_DOMAIN = "ckanext-privacy_clearance"


def portal_locale() -> str:
    """The portal's default language, e.g. ``de``."""
    return str(tk.config.get("ckan.locale_default") or "en")


def portal_gettext(message_id: str) -> str:
    """``message_id`` in the portal's default language, request or not (for
    e-mails: their readers did not make the request).

    :param message_id: an English message id of the catalogues
    """
    return kommunal_portal_gettext(_DOMAIN, message_id)


def _(message_id: str) -> str:
    """``message_id`` in the request's language; without a request (jobs,
    harvests, CLI: CKAN knows no language there) in the portal's default
    language.

    :param message_id: an English message id of the catalogues
    """
    return kommunal_gettext(_DOMAIN, message_id)


def current_lang() -> str:
    """The language code of the current request (the portal's default
    language without a request), for the labels of ``workflow.yaml`` and
    ``checklist.yaml``."""
    if has_request_context():
        return tk.h.lang() or portal_locale()
    return portal_locale()
