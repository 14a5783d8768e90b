"""Actions of the OParl harvester: the source form's settings fields, and
its store following ckanext-harvest.

ckanext-harvest's source form saves through ``package_create`` and
``package_update`` (type ``harvest``); the chained actions move the OParl
settings fields into the source's JSON configuration first
(:mod:`..form`).

ckanext-harvest clears a source (its datasets, jobs and objects) and a
source's job history with raw SQL on its own tables; the chained actions
here then forget what the harvester keeps for that source, so a cleared
source starts afresh with a full read and no report outlives its job.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Action, Context, DataDict
from ckanext.harvest.model import HarvestJob, HarvestSource

from .. import ckan_db, form

__all__ = [
    "harvest_source_clear",
    "harvest_source_job_history_clear",
    "package_create",
    "package_update",
]


def _source_id(data_dict: DataDict) -> str | None:
    source = HarvestSource.get(data_dict.get("id"))
    return source.id if source is not None else None


@tk.chained_action
def harvest_source_clear(
    original_action: Action, context: Context, data_dict: DataDict
) -> Any:
    """Clear a harvest source and forget the OParl harvester's store of it
    (objects, watermarks, generated datasets, run reports).

    :param id: the harvest source's id
    """
    tk.check_access("harvest_source_clear", context, data_dict)
    result = original_action(context, data_dict)  # raises NotFound
    source_id = _source_id(data_dict)
    if source_id is not None:
        ckan_db.store(source_id).purge()
    return result


@tk.chained_action
def harvest_source_job_history_clear(
    original_action: Action, context: Context, data_dict: DataDict
) -> Any:
    """Clear a source's job history and drop the run reports of the jobs
    that went with it.

    :param id: the harvest source's id
    :param keep_current: keep the jobs of the current datasets
    """
    tk.check_access("harvest_source_job_history_clear", context, data_dict)
    result = original_action(context, data_dict)
    source_id = _source_id(data_dict)
    if source_id is not None:
        remaining = model.Session.query(HarvestJob.id).filter(
            HarvestJob.source_id == source_id
        )
        ckan_db.store(source_id).forget_runs([r.id for r in remaining])
    return result


@tk.chained_action
def package_create(
    original_action: Action, context: Context, data_dict: DataDict
) -> Any:
    """Create a dataset; for an OParl harvest source, with the settings
    fields of the form merged into its configuration.

    :param data_dict: as for CKAN's ``package_create``
    """
    form.merge_into_config(data_dict)
    return original_action(context, data_dict)


@tk.chained_action
def package_update(
    original_action: Action, context: Context, data_dict: DataDict
) -> Any:
    """Update a dataset; for an OParl harvest source, with the settings
    fields of the form merged into its configuration.

    :param data_dict: as for CKAN's ``package_update``
    """
    form.merge_into_config(data_dict)
    return original_action(context, data_dict)
