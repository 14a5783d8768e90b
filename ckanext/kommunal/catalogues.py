"""The bundle's message catalogues as ``make i18n`` and the tests read them:
which message ids each plugin's code and templates use (babel's extraction,
CKAN's template extractor), and what the catalogues in ``i18n/`` hold.

One gettext domain per plugin, ``ckanext-<plugin>``; German and English.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "i18n"
LOCALES = ("de", "en")
METHODS = [("**.py", "python"), ("**/templates/**.html", "ckan")]
# dcat_ap_de's conformance messages are translated by _t (see validation.py)
KEYWORDS: dict[str, Any] = {**DEFAULT_KEYWORDS, "_t": None}


@dataclass(frozen=True, order=True)
class Domain:
    """One plugin's gettext domain."""

    plugin: str

    @property
    def name(self) -> str:
        """``ckanext-<plugin>``."""
        return f"ckanext-{self.plugin}"

    @property
    def template(self) -> Path:
        """The extracted ids, ``i18n/ckanext-<plugin>.pot``."""
        return I18N / f"{self.name}.pot"

    def po(self, locale: str) -> Path:
        """The catalogue of ``locale``."""
        return I18N / locale / "LC_MESSAGES" / f"{self.name}.po"

    def mo(self, locale: str) -> Path:
        """The compiled catalogue of ``locale``."""
        return self.po(locale).with_suffix(".mo")


def domains() -> list[Domain]:
    """Every plugin that has catalogues (a German ``.po`` in ``i18n/``)."""
    found = (I18N / "de" / "LC_MESSAGES").glob("ckanext-*.po")
    return sorted(Domain(p.stem.removeprefix("ckanext-")) for p in found)


def extract(domain: Domain) -> Catalog:
    """The message ids the plugin's code and templates use, with where."""
    catalog = Catalog(domain=domain.name, fuzzy=False)
    folder = ROOT / "ckanext" / domain.plugin
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder), METHODS, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        location = (f"ckanext/{domain.plugin}/{filename}", lineno)
        catalog.add(
            message,
            locations=[location],
            auto_comments=comments,
            context=context,
        )
    return catalog


@functools.cache
def _ckan_catalogue(locale: str) -> Catalog:
    import ckan

    path = Path(ckan.__file__).parent / "i18n" / locale / "LC_MESSAGES" / "ckan.mo"
    return read(path) if path.exists() else Catalog(locale=locale)


def ckan_translates(message_id: str | tuple[str, ...], locale: str) -> bool:
    """Whether CKAN's own catalogue translates ``message_id`` (templates that
    replace CKAN's reuse its ids, which its catalogue translates)."""
    message = _ckan_catalogue(locale).get(message_id)
    return bool(message and message.string)


def read(path: Path) -> Catalog:
    """A ``.po`` (or ``.mo``) catalogue."""
    with path.open("rb") as f:
        return mofile.read_mo(f) if path.suffix == ".mo" else pofile.read_po(f)


def write(catalog: Catalog, path: Path) -> None:
    """Write a ``.po`` catalogue (or a ``.pot``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pofile.write_po(f, catalog, width=88, sort_output=True)


def compile_catalogue(catalog: Catalog, path: Path) -> None:
    """Write the ``.mo`` of ``catalog``."""
    with path.open("wb") as f:
        mofile.write_mo(f, catalog)


def messages(catalog: Catalog) -> Iterator[tuple[object, object]]:
    """The (id, translation) pairs of a catalogue, header left out."""
    for message in catalog:
        if message.id:
            # plural forms: tuples, comparable and hashable whatever the reader
            key, string = message.id, message.string
            yield (
                tuple(key) if isinstance(key, list | tuple) else key,
                tuple(string) if isinstance(string, list | tuple) else string,
            )
