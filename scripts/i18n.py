"""make i18n: extract every plugin's message ids and bring its catalogues
up to date (new ids added, none removed), then compile them.

Ids of CKAN's own that its catalogue translates (templates that replace
CKAN's reuse them) are left to CKAN. Ids that only data names (the outbound
messages' table, code-list labels) are not found by the extraction; they
stay in the catalogues, and this script lists them as "not in the code" for
a person to check.

    .venv/bin/python scripts/i18n.py
"""

from __future__ import annotations

import sys

from ckanext.kommunal import catalogues


def update(domain: catalogues.Domain) -> None:
    """Extract ``domain``'s ids, merge them into its catalogues, compile."""
    extracted = catalogues.extract(domain)
    catalogues.write(extracted, domain.template)
    german = _merge(_catalogue(domain, "de"), extracted)
    ids = {m.id for m in german if m.id}
    for locale in catalogues.LOCALES:
        catalog = german if locale == "de" else _catalogue(domain, locale)
        if catalog is not german:
            # every catalogue holds the German one's ids
            for message in german:
                if message.id and message.id not in catalog:
                    catalog.add(message.id, locations=message.locations)
            for message in list(catalog):
                if message.id and message.id not in ids:
                    del catalog[message.id]
        path = domain.po(locale)
        catalogues.write(catalog, path)
        catalogues.compile_catalogue(catalog, domain.mo(locale))
        print(f"{path.relative_to(catalogues.ROOT)}: {len(catalog)} messages", end="")
        missing = [m.id for m in catalog if m.id and not m.string]
        if locale == "de" and missing:
            print(f", {len(missing)} without translation", end="")
        unused = [m.id for m in catalog if m.id and m.id not in extracted]
        print(f", {len(unused)} not in the code" if unused else "")


def _catalogue(domain: catalogues.Domain, locale: str) -> catalogues.Catalog:
    path = domain.po(locale)
    if path.exists():
        catalog = catalogues.read(path)
    else:
        catalog = catalogues.Catalog(locale=locale, domain=domain.name)
    catalog.fuzzy = False
    return catalog


def _merge(
    german: catalogues.Catalog, extracted: catalogues.Catalog
) -> catalogues.Catalog:
    """Add the new ids to the German catalogue; CKAN's own ids, which its
    catalogue translates, are left to it unless we translate them."""
    for message in extracted:
        if not message.id:
            continue
        ours = german.get(message.id)
        ckans = catalogues.ckan_translates(message.id, "de")
        if ours is None and not ckans:
            german.add(message.id, locations=message.locations)
        elif ours is not None and not ours.string and ckans:
            del german[message.id]
        elif ours is not None:
            ours.locations = message.locations
    return german


def main() -> int:
    """Update every domain's catalogues."""
    for domain in catalogues.domains():
        update(domain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
