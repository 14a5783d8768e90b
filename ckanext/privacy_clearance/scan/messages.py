"""The scan's texts for the reviewer, CKAN-free.

A note or error of the scan is a :class:`Message`: an English message id of
the catalogues (``ckanext-privacy_clearance``) and the values of its
``{name}`` placeholders. It is translated where it is shown or stored
(:mod:`ckanext.privacy_clearance.jobs`), with :meth:`Message.render`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Value = str | int


def N_(message_id: str) -> str:  # noqa: N802 - gettext's name for the marker
    """Mark ``message_id`` for the catalogues without translating it.

    :param message_id: an English message id
    """
    return message_id


def _identity(message_id: str) -> str:
    return message_id


@dataclass(frozen=True)
class Message:
    """An English message id and the values of its placeholders."""

    id: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = _identity) -> str:
        """The text, translated by ``gettext`` and filled in.

        :param gettext: translates a message id (default: none, English)
        """
        return gettext(self.id).format(**self.values)

    def __str__(self) -> str:
        return self.render()
