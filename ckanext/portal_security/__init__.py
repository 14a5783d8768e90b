"""portal_security: what protects accounts and pages of the portal.

Its modules:

- :mod:`.throttle`: failed sign-ins counted per account name and per address
  in Redis, throttled ones refused (no user enumeration);
- :mod:`.views`: the throttled sign-in's answer and the signal handlers;
- :mod:`.headers`: Content-Security-Policy and the other security headers,
  hardened cookie settings;
- :mod:`.config`: typed settings (``config_declaration.yaml``);
- :mod:`.plugin`: wiring.
"""
