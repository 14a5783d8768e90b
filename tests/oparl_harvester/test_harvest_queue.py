"""ckanext-harvest's queue consumers survive an idle queue (redis-py 8).

Against the real Redis of the tests: a consumer that waits longer than
redis-py 8's default socket timeout of 5 seconds must still receive the next
job, as the gather and fetch consumers of ``make run`` and production do.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from ckanext.harvest import queue

from .test_harvester import PLUGINS

IDLE_SECONDS = 6  # longer than redis-py 8's DEFAULT_SOCKET_TIMEOUT (5 s)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.ckan_config("ckan.harvest.mq.type", "redis")
@pytest.mark.usefixtures("with_plugins")
def test_gather_consumer_receives_a_job_after_an_idle_queue() -> None:
    consumer = queue.get_gather_consumer()
    consumer.queue_purge()
    received: list[Any] = []
    failed: list[BaseException] = []

    def consume() -> None:
        try:
            _method, _header, body = next(
                consumer.consume(queue=queue.get_gather_queue_name())
            )
            received.append(json.loads(body))
        except BaseException as error:  # reported by the assertion below
            failed.append(error)

    waiter = threading.Thread(target=consume, daemon=True)
    waiter.start()
    waiter.join(IDLE_SECONDS)
    assert not failed, f"Consumer ended while the queue was idle: {failed[0]!r}"
    job_id = str(uuid.uuid4())
    queue.get_gather_publisher().send({"harvest_job_id": job_id})
    waiter.join(10)
    assert received == [{"harvest_job_id": job_id}]
    consumer.basic_ack(json.dumps({"harvest_job_id": job_id}))
