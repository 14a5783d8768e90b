"""OParl records → CKAN dataset dicts (DCAT-AP.de) and snapshot rows.

Pure functions: no database, no HTTP, no CKAN actions. What to produce is
declared in ``mapping.yaml`` (kinds, titles, texts, CSV columns, licence
spellings); the code lists come from :mod:`ckanext.dcat_ap_de.codelists`.

The harvester streams the records of one kind, asks :func:`partition_for`
where each belongs, writes :func:`rows` into the snapshots, feeds a
:class:`KindSummary`, and finally builds the dataset with
:func:`kind_dataset` (and the API's own dataset with :func:`api_dataset`).
Every generated resource carries ``oparl_resource``, a key that is unique
and stable within its dataset (``2024.csv``, ``live``, ``list-paper``), so
the harvester can match existing resources; snapshot resources also carry
``oparl_partition``.

The package re-exports its public names; callers use ``mapping.<name>``.
Its modules:

- :mod:`.table`: ``mapping.yaml`` and its kinds and columns;
- :mod:`.extract`: path evaluation, snapshot rows, partitions, the summary;
- :mod:`.licence`: licence URLs and names → dcat-ap.de licence codes;
- :mod:`.dataset`: dataset names and the dataset dicts.
"""

from __future__ import annotations

from .dataset import api_dataset, dataset_name, kind_dataset
from .extract import KindSummary, Partition, PartitionStats, partition_for, rows
from .licence import license_code, resolve_license
from .table import (
    API,
    Column,
    Kind,
    columns,
    default_kinds,
    geocoding_levels,
    get_kind,
    kinds,
    schema_iri,
    source_config_fields,
)

__all__ = [
    "API",
    "Column",
    "Kind",
    "KindSummary",
    "Partition",
    "PartitionStats",
    "api_dataset",
    "columns",
    "dataset_name",
    "default_kinds",
    "geocoding_levels",
    "get_kind",
    "kind_dataset",
    "kinds",
    "license_code",
    "partition_for",
    "resolve_license",
    "rows",
    "schema_iri",
    "source_config_fields",
]
