"""Translations of the bundle's plugins: the mixin that finds their
catalogues in the bundle's ``i18n/``, and messages for background jobs."""

from __future__ import annotations

import functools
import importlib.resources

import ckan.plugins.toolkit as tk
from babel.support import NullTranslations, Translations
from ckan.lib.plugins import DefaultTranslation
from flask import has_request_context


def kommunal_i18n_directory() -> str:
    """The folder of every plugin's catalogues (``i18n/`` of the repository,
    installed as ``ckanext.kommunal.i18n``)."""
    return str(importlib.resources.files("ckanext.kommunal.i18n"))


class KommunalTranslation(DefaultTranslation):
    """CKAN's :class:`DefaultTranslation` with the catalogues in the bundle's
    ``i18n/`` instead of a folder inside each plugin; the domain stays
    ``ckanext-<plugin>``."""

    def i18n_directory(self) -> str:
        """The folder of every plugin's catalogues."""
        return kommunal_i18n_directory()


@functools.cache
def _catalogue(domain: str, locale: str) -> NullTranslations:
    return Translations.load(kommunal_i18n_directory(), [locale], domain=domain)


def kommunal_gettext(domain: str, message_id: str) -> str:
    """``message_id`` translated: in a request into the request's language
    (CKAN's ``_``), outside one into the portal's default language.

    Background jobs (the clearance scan, harvests) have no request and so no
    language from CKAN; what they store or send (reports, e-mails) speaks
    the portal's language.

    :param domain: the plugin's gettext domain, ``ckanext-<plugin>``
    :param message_id: the English message id
    """
    if has_request_context():
        return tk._(message_id)
    return kommunal_portal_gettext(domain, message_id)


def kommunal_portal_gettext(domain: str, message_id: str) -> str:
    """``message_id`` in the portal's default language, request or not (for
    e-mails: their readers did not make the request).

    :param domain: the plugin's gettext domain, ``ckanext-<plugin>``
    :param message_id: the English message id
    """
    locale = str(tk.config.get("ckan.locale_default") or "en")
    return _catalogue(domain, locale).gettext(message_id)
