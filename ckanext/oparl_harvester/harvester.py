"""The ckanext-harvest harvester of source type ``oparl``.

Thin on purpose: gather crawls into the store (:mod:`.crawl`) and creates
one harvest object per dataset to (re)build; fetch has nothing to do (the
data are in the store already); import builds and saves one dataset
(:mod:`.publish`). Problems become harvest errors in German; the full run
report is kept per job (:mod:`.report`).
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestJob, HarvestObject

from . import ckan_db, config, crawl, mapping, publish
from .client import OParlError
from .logic.schema import ConfigError, parse_source_config
from .messages import _
from .report import RunReport, when
from .store import Store

__all__ = ["OParlHarvester"]

log = logging.getLogger(__name__)


def config_help() -> str:
    """The settings of an OParl source, one per line (for the form)."""
    return "\n".join(
        f"{key}: {spec['label']} – {spec['help']}"
        for key, spec in mapping.source_config_fields().items()
    )


class OParlHarvester(HarvesterBase):
    """Harvests an OParl 1.0/1.1 server (Ratsinformationssystem)."""

    def info(self) -> dict[str, str]:
        """Name, German title and description of the source type."""
        return {
            "name": "oparl",
            "title": _("OParl (council information system)"),
            "description": _(
                "Meetings, papers and committees of a council information system "
                "through the OParl interface (1.0/1.1): per body one dataset on "
                "the interface and per kind of object one with CSV/JSON tables. "
                "URL: the OParl system endpoint. Settings as JSON, at least "
                '{{"contact_email": "sitzungsdienst@…"}}.'
            ).format(),
            "form_config_interface": "Text",
        }

    def validate_config(self, config_text: str | None) -> str | None:
        """Check the source's settings (German messages per setting).

        :param config_text: the JSON text from the form
        :raises ConfigError: listing every wrong setting
        """
        parse_source_config(config_text)
        return config_text

    def get_original_url(self, harvest_object_id: str) -> str | None:
        """The Body's OParl URL behind a dataset.

        :param harvest_object_id: a harvest object's id
        """
        obj = HarvestObject.get(harvest_object_id)
        if obj is None or not obj.content:
            return None
        return json.loads(obj.content).get("body_id")

    def gather_stage(self, harvest_job: HarvestJob) -> list[str] | None:
        """Crawl the server into the store; one harvest object per dataset
        to build.

        :param harvest_job: the running job
        """
        source = harvest_job.source
        try:
            src = publish.source_of(source)
        except (ConfigError, publish.PublishError) as exc:
            self._save_gather_error(
                _("Harvest source not usable: {error}").format(error=exc), harvest_job
            )
            return None
        store = ckan_db.store(source.id)
        plan = crawl.plan_run(store.state(), src.cfg, crawl.utcnow())
        report = RunReport(plan.full, when(plan.since) if plan.since else None)
        ids = self._gather(harvest_job, src, store, plan, report)
        summary = report.as_json(src.cfg.privacy_profile)
        store.save_run(ckan_db.value(harvest_job.id), plan.started, plan.full, summary)
        for message in report.errors:
            self._save_gather_error(message, harvest_job)
        return ids

    def _gather(
        self,
        job: HarvestJob,
        src: publish.Source,
        store: Store,
        plan: crawl.Plan,
        report: RunReport,
    ) -> list[str]:
        try:
            result = crawl.crawl(store, src.cfg, job.source.url, plan, report)
        except OParlError as exc:
            report.errors.append(
                _(
                    "Server not readable: {error}. Nothing was changed; the "
                    "datasets so far stay."
                ).format(error=exc)
            )
            return []
        except Exception as exc:  # the job must end with a report, not hang
            log.exception("OParl: Abbruch beim Sammeln (%s)", job.source.url)
            report.errors.append(
                _(
                    "Unexpected error while fetching: {error}. The list where it "
                    "happened was not taken over; the datasets stay."
                ).format(error=repr(exc))
            )
            return []
        ids = []
        for row in publish.plan_datasets(store, src, result, plan):
            obj = HarvestObject(
                guid=row["name"],
                job=job,
                source=job.source,
                content=json.dumps({"body_id": row["body_id"], "kind": row["kind"]}),
            )
            obj.save()
            ids.append(ckan_db.value(obj.id))
            report.datasets.append(row["name"])
        return ids

    def fetch_stage(self, harvest_object: HarvestObject) -> bool:
        """Nothing to fetch: gather has put the objects into the store.

        :param harvest_object: the harvest object
        """
        return True

    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        """Build one dataset from the store and save it.

        :param harvest_object: names the Body and the kind
        :returns: ``True``, ``"unchanged"`` or ``False`` on error
        """
        content = ckan_db.optional(harvest_object.content)
        target: dict[str, Any] = json.loads(content or "{}")
        try:
            src = publish.source_of(harvest_object.source or harvest_object.job.source)
            store = ckan_db.store(src.id)
            with tempfile.TemporaryDirectory(dir=config.work_dir()) as workdir:
                built = publish.build(
                    store,
                    src,
                    target["body_id"],
                    target["kind"],
                    ckan_db.value(harvest_object.guid),
                    Path(workdir),
                )
                return publish.save(
                    src, harvest_object, store, built, self._get_user_name()
                )
        except (publish.PublishError, ConfigError) as exc:
            self._save_object_error(str(exc), harvest_object, "Import")
        except tk.ValidationError as exc:
            model.Session.rollback()
            self._save_object_error(
                f"Datensatz {harvest_object.guid} vom Portal abgelehnt: "
                f"{exc.error_summary or exc.error_dict}",
                harvest_object,
                "Import",
            )
        except Exception as exc:  # one dataset's failure must not stop the job
            log.exception("OParl: Import von %s fehlgeschlagen", harvest_object.guid)
            model.Session.rollback()
            self._save_object_error(
                _(
                    "Dataset {guid}: unexpected error {error}; the previous state "
                    "stays."
                ).format(guid=harvest_object.guid, error=repr(exc)),
                harvest_object,
                "Import",
            )
        return False
