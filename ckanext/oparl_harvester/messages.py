"""The harvester's messages in the language of the person reading them.

Message ids are English; the catalogues are the bundle's
``i18n/<locale>/LC_MESSAGES/ckanext-oparl_harvester.po`` (German and
English). Harvest runs have no request and so no language from CKAN: what
they store (harvest errors, the run report) comes out in the portal's
default language (:func:`ckanext.kommunal.translation.kommunal_gettext`).
"""

from __future__ import annotations

from ckanext.kommunal.translation import kommunal_gettext

__all__ = ["DOMAIN", "_"]

DOMAIN = "ckanext-oparl_harvester"


def _(message_id: str) -> str:
    """``message_id`` translated: into the request's language, outside a
    request into the portal's default language (``ckan.locale_default``).

    :param message_id: the English message id
    """
    return kommunal_gettext(DOMAIN, message_id)
