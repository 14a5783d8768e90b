"""Logic of privacy_clearance: the clearance actions and the chained core
actions that keep every write path under the guard.

Its modules:

- :mod:`.action`: ``privacy_clearance_<name>`` (submit, start_review,
  approve, return, reject, revoke, show, queue, log) and
  ``privacy_reviewer_add|remove|list``; the chained ``package_create``,
  ``package_update``, ``package_owner_org_update`` and, with the datastore
  plugin, the DataStore writes;
- :mod:`.auth`: who may call them (the four-eyes rule is checked again in
  the actions), and the chained ``package_show`` that lets the
  data-protection officers read private datasets;
- :mod:`.schema`: their input schemas;
- :mod:`.validators`: the expiry date, the approval checklist, the reason.
"""
