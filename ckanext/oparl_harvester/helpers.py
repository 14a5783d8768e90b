"""Template helpers: the settings fields and help of the source form, the
run report."""

from __future__ import annotations

from typing import Any

from ckan import model

from . import ckan_db, form, mapping
from .store import run_report

__all__ = [
    "oparl_harvester_config_fields",
    "oparl_harvester_form_fields",
    "oparl_harvester_job_report",
]


def oparl_harvester_config_fields() -> list[dict[str, str]]:
    """The settings of an OParl source: key, German label and help."""
    return [
        {"key": key, "label": spec["label"], "help": spec["help"]}
        for key, spec in mapping.source_config_fields().items()
    ]


def oparl_harvester_form_fields(config_text: str | None) -> list[form.FormField]:
    """The OParl settings as fields of the source form, filled from the
    source's JSON settings.

    :param config_text: the source's ``config``
    """
    return form.form_fields(config_text)


def oparl_harvester_job_report(job_id: str) -> dict[str, Any] | None:
    """The OParl run report of a harvest job (``None`` for other jobs).

    :param job_id: the harvest job's id
    """
    try:
        return run_report(ckan_db.engine(), job_id)
    except Exception:  # the plugin's tables missing: no report, no error page
        model.Session.rollback()
        return None
