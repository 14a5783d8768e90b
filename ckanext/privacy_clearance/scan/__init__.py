"""Offline scan of resource files for personal data (privacy_clearance).

Finds e-mail addresses, phone numbers, IBANs, German tax and social-security
IDs, dates of birth, postal addresses, person names, personal column headers
and small cells of aggregated statistics in CSV, XLSX (hidden sheets
included), JSON, PDF and text files. Excerpts are masked; findings are hints
for the reviewer and never block anything by themselves. No network access,
no models: regular expressions, checksums and the word lists in
``lexicon.yaml``.

Decisions (the reviewer sees every finding with its confidence; findings
below :data:`HINT_THRESHOLD` are weak hints):

* Addresses, phone numbers and e-mail addresses of public bodies (town hall,
  Landratsamt, schools, "Stadt Merseburg", "…amt", a switchboard "-0", role
  mailboxes like poststelle@) are weak hints, not personal data; so are the
  contact columns of tables listing public facilities.
* Names right next to a public office ("Landrat …", "…, Ortsbürgermeister")
  are weak hints: officials acting in their function. Council members in a
  list with private contact data are not officials in this sense.
* A header alone is a strong finding only when the values confirm it (a
  "Straße" column without house numbers is a street directory); quasi
  identifiers (Geschlecht, Alter) only next to direct ones.
* Dates count as birth dates only in a birth-date column or right after
  "geb." / "geboren am" / "*"; a bare "PLZ Ort" is no address.
* Small cells (0 < n < k) only in tables that look aggregated (count words
  in header, title or sheet name) and never in year, identifier, amount or
  percentage columns.

Its modules: :mod:`.core` (the entry points :func:`scan_file`,
:func:`scan_bytes`, :func:`scan_stream`), :mod:`.readers` (CSV, XLSX, JSON,
PDF and text into rows and lines), :mod:`.tables` (headers, column profiles,
small cells), :mod:`.detectors` (one finding kind each), :mod:`.checksums`,
:mod:`.masking` (excerpts), :mod:`.lexicon` (the word lists of
``lexicon.yaml``) and :mod:`.results` (:class:`Finding`, :class:`ScanResult`:
what a scan returns).
"""

from .core import scan_bytes, scan_file, scan_stream
from .lexicon import load_lexicon
from .results import HINT_THRESHOLD, KINDS, Finding, ScanResult

__all__ = [
    "HINT_THRESHOLD",
    "KINDS",
    "Finding",
    "ScanResult",
    "load_lexicon",
    "scan_bytes",
    "scan_file",
    "scan_stream",
]
