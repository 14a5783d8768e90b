"""portal_security: what protects accounts and pages of the portal.

Its modules:

- :mod:`.throttle`: failed sign-ins counted per account name and per address
  in Redis, throttled ones refused (no user enumeration);
- :mod:`.signin`: CKAN's sign-in with throttle and second factor, the
  signal handlers;
- :mod:`.totp`: one-time codes (RFC 6238), recovery codes, the QR code (no
  CKAN);
- :mod:`.secondfactor`: who needs a second factor, its state per user;
- :mod:`.views`: the pages of the second factor (code, setting up);
- :mod:`.cli`: ``ckan portal-security reset-second-factor``;
- :mod:`.model`, ``migration/portal_security/``: the plugin's table;
- :mod:`.headers`: Content-Security-Policy and the other security headers,
  hardened cookie settings, the nonce for an inline script;
- ``templates/``, ``assets/forms.js``: CKAN's and ckanext-scheming's
  templates whose inline handlers and ``javascript:`` links the policy
  forbids, replaced by controls whose data attributes forms.js acts on;
- :mod:`.config`: typed settings (``config_declaration.yaml``);
- :mod:`.plugin`: wiring.
"""
