"""Result types of the personal-data scan."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .messages import Message

#: Stable keys of :attr:`Finding.kind`.
KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "iban",
    "tax_id",
    "social_security_id",
    "birth_date",
    "postal_address",
    "person_name",
    "header",
    "small_cell",
)

#: Findings below this confidence are weak hints (public buildings, officials,
#: role mailboxes, unconfirmed headers); the evaluation does not count them.
HINT_THRESHOLD: float = 0.5


@dataclass(frozen=True)
class Finding:
    """One piece of probable personal data; ``excerpt`` is already masked."""

    kind: str
    location: str
    excerpt: str
    confidence: float
    detector: str

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-serialisable dict."""
        return asdict(self)


@dataclass
class ScanResult:
    """What the scan of one file found.

    ``scanned`` is false when the format is not supported (nothing was
    read); ``notes`` are remarks for the reviewer (e.g. "only the first 50
    pages") and ``error`` why a file could not be read, both
    :class:`~.messages.Message` objects translated where they are shown or
    stored; ``omitted`` counts findings per kind dropped beyond
    ``max_findings_per_kind``.
    """

    findings: list[Finding] = field(default_factory=list)
    scanned_bytes: int = 0
    truncated: bool = False
    error: Message | None = None
    scanned: bool = True
    format: str = ""
    notes: list[Message] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-serialisable dict."""
        return asdict(self)
