"""Gather: from the OParl server into the harvester's store.

One run reads the System, its Bodies and, per Body, the list of each kind
(meetings, papers, organisations …), in batches, through the privacy filter
into :class:`~.store.Store`. Rules that keep data safe:

- Incremental runs ask each list with ``modified_since``: the start of the
  last run that read *that list* completely, minus the overlap. A list read
  for the first time (a new Body or kind), one that failed before, and every
  list in a full run (first run, after ``full_resync_days``, or after the
  source's settings changed) is read in full.
- Objects are removed only when the server says so (``deleted: true``), or
  when a *full* crawl of the *complete* list did not see them. An incomplete
  list (server error, loop, limits) never removes anything.
- Where ``modified`` is synthetic (more! rubin), content hashes decide what
  changed (:func:`~.records.content_hash`).
- Mass-deletion brake: a list whose run would remove more than
  ``max_delete_share`` of its objects (and more than ``delete_brake_min``,
  or all of them) is not taken over at all; the error says why.
- OParl 1.0 has no list of files: the ``files`` kind is collected from the
  meetings and papers they are embedded in (``embedded_in``).
- A Body the server no longer lists is reported, its datasets stay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Any

from . import config, mapping, privacy, records, rowcache
from .client import OParlClient, OParlError, body_lists, iter_embedded, object_type
from .logic.schema import SourceConfig
from .messages import _
from .report import RunReport, when
from .store import API_KIND, Prepared, Store, UnitCounts, UnitWriter

__all__ = ["GatherResult", "Plan", "crawl", "make_client", "plan_run", "utcnow"]

log = logging.getLogger(__name__)

# Organisations are always read: their names fill the other kinds' columns.
NAMES_KIND = "organizations"
TERM_TYPE = "LegislativeTerm"


def utcnow() -> dt.datetime:
    """The harvest clock (replaced in tests by the fake server's clock)."""
    return dt.datetime.now(dt.UTC)


def config_hash(cfg: SourceConfig) -> str:
    """Digest of the settings that shape the stored data and datasets.

    :param cfg: the source's settings
    """
    text = json.dumps(cfg.as_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """How this run crawls.

    :param started: the run's start (harvest clock)
    :param full: read every list completely (removals of unseen objects)
    :param since: when the previous run started (``None`` in a full run);
        each list asks for the changes since its own watermark
    :param overlap: safety margin the client subtracts from ``since``
    :param resync: a list not read in full for this long is read in full
    :param reconfigured: the settings changed since the last run
    """

    started: dt.datetime
    full: bool
    since: dt.datetime | None
    overlap: dt.timedelta
    resync: dt.timedelta
    reconfigured: bool = False

    def list_since(self, watermark: dict[str, Any]) -> dt.datetime | None:
        """Since when one list is asked for changes; ``None``: read it in
        full (a full run, a list never read completely, one whose last full
        read is older than ``resync``).

        :param watermark: the list's row of ``oparl_harvester_list``
        """
        since = watermark.get("last_modified_since")
        last_full = watermark.get("last_full_resync")
        if self.full or since is None or last_full is None:
            return None
        return None if self.started - last_full >= self.resync else since


def plan_run(state: dict[str, Any], cfg: SourceConfig, started: dt.datetime) -> Plan:
    """Decide between a full and an incremental run.

    :param state: the source's state row (empty before the first run)
    :param cfg: the source's settings
    :param started: the run's start
    """
    overlap = dt.timedelta(minutes=cfg.modified_since_overlap_minutes)
    resync = dt.timedelta(days=cfg.full_resync_days)
    since = state.get("last_modified_since")
    last_full = state.get("last_full_resync")
    reconfigured = bool(state) and state.get("config_hash") != config_hash(cfg)
    due = last_full is None or started - last_full >= resync
    if since is None or due or reconfigured:
        return Plan(started, True, None, overlap, resync, reconfigured)
    return Plan(started, False, since, overlap, resync)


def make_client(cfg: SourceConfig) -> OParlClient:
    """An OParl client with the source's and the portal's limits.

    :param cfg: the source's settings
    """
    limits = config.client_limits(cfg.timeout)
    pages = min(cfg.max_pages or limits.max_pages, limits.max_pages)
    return OParlClient(replace(limits, max_pages=pages))


@dataclass
class GatherResult:
    """What the crawl found.

    :param system: the System (privacy-filtered)
    :param bodies: the Bodies harvested this run (privacy-filtered)
    :param changed: ``(body id, kind)`` whose objects changed
    :param missing: ``(body id, kind)`` the server has no list for
    """

    system: dict[str, Any]
    bodies: list[dict[str, Any]] = field(default_factory=list)
    changed: set[tuple[str, str]] = field(default_factory=set)
    missing: set[tuple[str, str]] = field(default_factory=set)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _body_label(body: records.Body) -> str:
    return f"„{body.name or body.short_name or body.id}“"


@dataclass
class _Collector:
    """A kind without a list of its own, gathered from the objects of its
    ``embedded_in`` kinds into one store unit (files in OParl 1.0).

    :param kind: the collected kind
    :param unit: its store unit, open while the carrier lists are crawled
    :param full: every carrier list so far was read in full and completely
    """

    kind: str
    unit: UnitWriter
    full: bool = True

    @property
    def carriers(self) -> tuple[str, ...]:
        """The kinds whose objects embed this kind's objects."""
        return mapping.get_kind(self.kind).embedded_in

    @property
    def type_name(self) -> str:
        """The OParl type collected."""
        return mapping.get_kind(self.kind).types[0]


class Crawler:
    """One gather run of one source.

    :param store: the source's store
    :param client: the OParl client
    :param cfg: the source's settings
    :param plan: full or incremental, and since when
    :param report: collects the German report
    """

    def __init__(
        self,
        store: Store,
        client: OParlClient,
        cfg: SourceConfig,
        plan: Plan,
        report: RunReport,
    ) -> None:
        self.store = store
        self.client = client
        self.cfg = cfg
        self.plan = plan
        self.report = report
        self.batch = config.batch_size()

    # -- System and Bodies ----------------------------------------------------

    def run(self, url: str) -> GatherResult:
        """Crawl the source.

        :param url: the System URL (the harvest source's URL)
        :raises OParlError: if the System or the Body list cannot be read
        """
        raw_system = self.client.system(url)
        system = self._filtered(raw_system) or {}
        profile = self.client.profile
        self.report.lists.append(
            f"Server: OParl {profile.oparl_version}, Profil {profile.label}"
        )
        result = GatherResult(system=system)
        bodies = self._chosen(self.client.bodies(raw_system))
        self._vanished({b["id"] for b in bodies})
        for raw in bodies:
            body = self._filtered(raw)
            if body is None:
                continue
            result.bodies.append(body)
            self._crawl_body(body, result)
        self.report.fixups.update(self.client.fixup_stats)
        return result

    def _filtered(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        kept, dropped = privacy.apply(obj, self.cfg.privacy_profile)
        self.report.privacy.add(dropped)
        return kept

    def _chosen(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The Bodies the source's settings ask for."""
        found = [b for b in bodies if isinstance(b.get("id"), str)]
        if not self.cfg.bodies:
            return found
        known = {b["id"] for b in found}
        for wanted in self.cfg.bodies:
            if wanted not in known:
                self.report.errors.append(
                    _(
                        "The body {body} from the settings (bodies) does not exist "
                        "on the server."
                    ).format(body=wanted)
                )
        return [b for b in found if b["id"] in self.cfg.bodies]

    def _vanished(self, current: set[str]) -> None:
        """Report Bodies harvested before that the server no longer lists."""
        for body_id, data in sorted(self.store.objects(API_KIND).items()):
            excluded = self.cfg.bodies and body_id not in self.cfg.bodies
            if body_id in current or excluded:
                continue
            name = (data or {}).get("name") or body_id
            self.report.errors.append(
                _(
                    'The server no longer delivers the body "{name}" ({body_id}). '
                    "Its datasets stay unchanged; please check and delete them by "
                    "hand if needed."
                ).format(name=name, body_id=body_id)
            )

    # -- one Body -------------------------------------------------------------

    def _crawl_body(self, body: dict[str, Any], result: GatherResult) -> None:
        record = records.parse(body)
        assert isinstance(record, records.Body)
        with self.store.unit(body["id"], API_KIND, "Body", self.plan.started) as unit:
            unit.put(self._prepared_all([body], API_KIND, ()))
        lists = body_lists(body)
        with ExitStack() as stack:
            collectors = {
                kind: _Collector(kind, stack.enter_context(self._unit(record, kind)))
                for kind in self._kinds()
                if self._collected(kind, lists)
            }
            for kind in self._kinds(carriers=collectors):
                if kind in collectors:
                    continue
                type_name = mapping.get_kind(kind).types[0]
                url = lists.get(type_name)
                if url is None:
                    self._no_list(record, kind, result)
                    continue
                feeds = [c for c in collectors.values() if kind in c.carriers]
                if self._crawl_list(record, kind, type_name, url, feeds):
                    result.changed.add((record.id, kind))
            for kind, collector in collectors.items():
                if self._finish_collected(record, collector):
                    result.changed.add((record.id, kind))
        if self._crawl_terms(record, body):
            result.changed.add((record.id, NAMES_KIND))

    def _kinds(self, carriers: Mapping[str, _Collector] | None = None) -> list[str]:
        """The kinds to crawl: organisations first (their names), the chosen
        ones, and the kinds that carry the objects of a collected kind."""
        chosen = [NAMES_KIND, *(k for k in self.cfg.kinds if k != NAMES_KIND)]
        for collector in (carriers or {}).values():
            chosen.extend(k for k in collector.carriers if k not in chosen)
        return chosen

    def _collected(self, kind: str, lists: Mapping[str, str]) -> bool:
        """Whether a kind without a list of its own is gathered from the
        objects it is embedded in (files in OParl 1.0)."""
        spec = mapping.get_kind(kind)
        return bool(spec.embedded_in) and spec.types[0] not in lists

    def _unit(self, body: records.Body, kind: str) -> Any:
        type_name = mapping.get_kind(kind).types[0]
        return self.store.unit(body.id, kind, type_name, self.plan.started)

    def _no_list(self, body: records.Body, kind: str, result: GatherResult) -> None:
        result.missing.add((body.id, kind))
        label = mapping.get_kind(kind).label
        self.report.warnings.append(
            _(
                "{body}: the server offers no list of {label} (OParl {version}); "
                "this dataset is not created."
            ).format(
                body=_body_label(body),
                label=label,
                version=self.client.profile.oparl_version,
            )
        )

    def _crawl_terms(self, body: records.Body, raw: dict[str, Any]) -> bool:
        """The Body's legislative terms (embedded, or fetched by reference);
        they belong to the organisations' dataset. Returns whether they
        changed."""
        terms: list[dict[str, Any]] = []
        complete = True
        for item in raw.get("legislativeTerm") or []:
            if isinstance(item, dict):
                terms.append(item)
                continue
            try:
                terms.append(self.client.get_object(str(item)))
            except OParlError as exc:
                self.report.errors.append(
                    _("Legislative term not readable: {error}").format(error=exc)
                )
                complete = False
        start = self.plan.started
        with self.store.unit(body.id, NAMES_KIND, TERM_TYPE, start) as unit:
            unit.put(self._prepared_all(terms, NAMES_KIND, ()))
            if complete:  # the Body lists all its terms: the rest are gone
                unit.sweep()
            return self._judged(unit, body, _("Legislative terms"))

    # -- one list -------------------------------------------------------------

    def _crawl_list(
        self,
        body: records.Body,
        kind: str,
        type_name: str,
        url: str,
        feeds: Iterable[_Collector] = (),
    ) -> bool:
        """Crawl one list into the store, from its own watermark; returns
        whether it changed.

        :param feeds: collectors of objects embedded in this list's objects
        """
        watermark = self.store.list_state(body.id, kind, type_name)
        since = self.plan.list_since(watermark)
        listing = self.client.iter_list(
            url, modified_since=since, overlap=self.plan.overlap
        )
        label = mapping.get_kind(kind).label
        with self.store.unit(body.id, kind, type_name, self.plan.started) as unit:
            for batch in _batched(listing, self.batch):
                prepared = self._prepared_all(batch, kind, body.terms)
                unit.put(prepared)
                for feed in feeds:
                    feed.unit.put(self._embedded(feed, prepared, body))
            crawl = listing.report
            self.report.lists.append(
                self._list_line(_body_label(body), label, crawl.summary(), since)
            )
            if crawl.complete and since is None:
                unit.sweep()
            changed = self._judged(unit, body, label)
            if crawl.complete and not unit.aborted:
                unit.advance(full=since is None)
        self.report.warnings.extend(crawl.warnings)
        complete = crawl.complete and not unit.aborted
        for feed in feeds:
            feed.full &= complete and since is None
        if not crawl.complete:
            self.report.errors.append(
                _(
                    "{body}, {label}: list incomplete ({errors}). Objects not "
                    "delivered are kept; the next run asks again from the last "
                    "complete fetch of this list."
                ).format(
                    body=_body_label(body), label=label, errors="; ".join(crawl.errors)
                )
            )
        return changed

    def _list_line(
        self, body: str, label: str, summary: str, since: dt.datetime | None
    ) -> str:
        """The report's line of one list, with how it was read where that
        differs from the run as a whole."""
        if since is None and not self.plan.full:
            text = _(
                "{body}, {label}: {summary} – read in full (new list or full "
                "resync due)"
            )
        elif since is not None and since != self.plan.since:
            text = _("{body}, {label}: {summary} – changes since {since}")
        else:
            text = _("{body}, {label}: {summary}")
        return text.format(
            body=body,
            label=label,
            summary=summary,
            since=when(since) if since is not None else "",
        )

    # -- objects embedded in other lists' objects ------------------------------

    def _embedded(
        self, collector: _Collector, carriers: Iterable[Prepared], body: records.Body
    ) -> list[Prepared]:
        """The collected kind's objects embedded in a batch of carriers."""
        found: list[Prepared] = []
        for carrier in carriers:
            for item in iter_embedded(carrier.data or {}):
                wanted = object_type(item) == collector.type_name
                if wanted and isinstance(item.get("id"), str):
                    # the carrier went through the privacy filter already
                    kept = self._kept(item, collector.kind, body.terms)
                    if kept is not None:
                        found.append(kept)
        return found

    def _finish_collected(self, body: records.Body, collector: _Collector) -> bool:
        """Sweep and judge a collected kind; returns whether it changed.

        What is no longer embedded anywhere is removed only when every
        carrier list was read in full and completely.
        """
        unit = collector.unit
        if collector.full:
            unit.sweep()
        spec = mapping.get_kind(collector.kind)
        carriers = ", ".join(mapping.get_kind(k).label for k in spec.embedded_in)
        self.report.lists.append(
            _(
                "{body}, {label}: collected from {carriers} (OParl {version} has "
                "no list of them)"
            ).format(
                body=_body_label(body),
                label=spec.label,
                carriers=carriers,
                version=self.client.profile.oparl_version,
            )
        )
        # no watermark: the kind is never asked for, its carriers are
        return self._judged(unit, body, spec.label)

    def _prepared_all(
        self,
        objs: Iterable[dict[str, Any]],
        kind: str,
        terms: Iterable[records.LegislativeTerm],
    ) -> list[Prepared]:
        """The objects as they go into the store; those without an id or of
        an unknown type are left out (see :meth:`_prepared`)."""
        found = (self._prepared(obj, kind, terms) for obj in objs)
        return [prepared for prepared in found if prepared is not None]

    def _prepared(
        self, obj: dict[str, Any], kind: str, terms: Iterable[records.LegislativeTerm]
    ) -> Prepared | None:
        """An object as it goes into the store (``data`` ``None``: remove)."""
        oparl_id = obj.get("id")
        if not isinstance(oparl_id, str):
            return None
        type_name = object_type(obj) or mapping.get_kind(kind).types[0]
        if obj.get("deleted") is True:
            return Prepared(oparl_id, type_name, None)
        kept = self._filtered(obj)
        if kept is None:  # a privacy rule drops the whole object
            return Prepared(oparl_id, type_name, None)
        return self._kept(kept, kind, terms)

    def _kept(
        self, kept: dict[str, Any], kind: str, terms: Iterable[records.LegislativeTerm]
    ) -> Prepared | None:
        """A privacy-filtered object as it goes into the store."""
        oparl_id = kept["id"]
        try:
            record = records.parse(kept)
        except records.UnknownTypeError as exc:
            self.report.warnings.append(
                _("Object {id} skipped: {error}").format(id=oparl_id, error=exc)
            )
            return None
        modified = None if record.synthetic_modified else record.modified
        digest = records.content_hash(kept)
        prepared = Prepared(oparl_id, record.type_name, kept, digest, None, modified)
        if kind == API_KIND:
            return prepared
        mode = self.cfg.partition
        key = mapping.partition_for(kind, record, mode=mode, terms=terms).key
        if not rowcache.cacheable(kind):
            return replace(prepared, partition_key=key)
        return replace(
            prepared,
            partition_key=key,
            rows=rowcache.rows_of(kind, record),
            stub=rowcache.stub_of(kind, kept),
            rows_version=rowcache.ROWS_VERSION,
        )

    def _judged(self, unit: UnitWriter, body: records.Body, label: str) -> bool:
        """Apply the mass-deletion brake; returns whether the list changed."""
        counts = unit.counts()
        share = self.cfg.max_delete_share
        if deletion_brake(counts, share, self.cfg.delete_brake_min):
            unit.abort()
            self.report.errors.append(
                _(
                    "Deletion brake: {body}, {label} – this run would remove "
                    "{deleted} of {before} objects ({part}); at most {share} are "
                    "allowed (setting max_delete_share). The list was not taken "
                    "over, the data so far stay unchanged."
                ).format(
                    body=_body_label(body),
                    label=label,
                    deleted=counts.deleted,
                    before=counts.before,
                    part=f"{counts.deleted / counts.before:.0%}",
                    share=f"{share:.0%}",
                )
            )
            return False
        if counts.any:
            # organisation names appear in the other kinds' snapshots
            unit.mark_dirty(all_kinds=unit.kind == NAMES_KIND)
            self.report.lists.append(
                _(
                    "{body}, {label}: {new} new, {changed} changed, {deleted} removed"
                ).format(
                    body=_body_label(body),
                    label=label,
                    new=counts.new,
                    changed=counts.changed,
                    deleted=counts.deleted,
                )
            )
        return counts.any


def deletion_brake(counts: UnitCounts, share: float, minimum: int) -> bool:
    """Whether the mass-deletion brake stops a list: more than *share* of
    its objects would go, and either more than *minimum* of them (a small
    list may lose a few) or all of them (an emptied list is the classic
    server fault).

    :param counts: what the run would change in the list
    :param share: the source's ``max_delete_share``
    :param minimum: the source's ``delete_brake_min``
    """
    if not counts.before or counts.deleted <= share * counts.before:
        return False
    emptied = counts.deleted == counts.before and not counts.new
    return emptied or counts.deleted > minimum


def crawl(
    store: Store, cfg: SourceConfig, url: str, plan: Plan, report: RunReport
) -> GatherResult:
    """Run the gather crawl of one source and keep its state.

    :param store: the source's store
    :param cfg: the source's settings
    :param url: the System URL
    :param plan: from :func:`plan_run`
    :param report: collects the German report
    :raises OParlError: if the System or the Body list cannot be read
    """
    if plan.reconfigured:
        store.reset_watermarks()
    with make_client(cfg) as client:
        result = Crawler(store, client, cfg, plan, report).run(url)
    values: dict[str, Any] = {
        "last_run_started": plan.started,
        "last_modified_since": plan.started,
        "system": result.system,
        "config_hash": config_hash(cfg),
    }
    if plan.full:
        # lists that failed keep their own older watermark (and are read in
        # full next time); the run as a whole was a full one
        values["last_full_resync"] = plan.started
    store.save_state(**values)
    return result
