"""CKAN's database as the harvester uses it: the engine, a source's store,
ckanext-harvest's rows.

ckanext-harvest declares its columns as plain ``Column(...)`` (no
``Mapped[...]``), so type checkers take ``harvest_object.guid`` for a
``Column[str]`` where SQLAlchemy hands out the value. The harvester reads
and writes those attributes through the few functions here, which state the
types the values really have; everything else stays checked.
"""

from __future__ import annotations

from typing import TypeVar, cast

import sqlalchemy as sa
from ckan import model
from ckanext.harvest.model import HarvestObject
from sqlalchemy import Column

from . import config
from .store import Store

__all__ = ["engine", "link_package", "optional", "store", "value"]

T = TypeVar("T")


def engine() -> sa.Engine:
    """CKAN's database engine (set up before any plugin code runs).

    :raises RuntimeError: if CKAN's model is not initialised
    """
    found = model.meta.engine
    if found is None:
        raise RuntimeError("CKAN's database is not initialised")
    return found


def store(source_id: str) -> Store:
    """The harvester's store of one harvest source.

    :param source_id: the harvest source's id
    """
    return Store(engine(), source_id, config.batch_size())


def value(attribute: Column[T]) -> T:
    """A key or another column that always holds a value, as that value.

    :param attribute: e.g. ``harvest_job.id``
    """
    return cast(T, attribute)


def optional(attribute: Column[T]) -> T | None:
    """A column that may be NULL, as its value or ``None``.

    :param attribute: e.g. ``harvest_object.content``
    """
    return cast(T | None, attribute)


def link_package(obj: HarvestObject, package_id: str) -> None:
    """Make a harvest object the current one of a dataset (not saved).

    :param obj: the harvest object being imported
    :param package_id: the dataset's id
    """
    # the columns' declared type is Column[...]; assigning values is what
    # SQLAlchemy's instrumented attributes expect
    obj.package_id = package_id  # type: ignore[assignment]
    obj.current = True  # type: ignore[assignment]
