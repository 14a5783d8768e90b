"""portal_security: sign-in throttling, second factor, security headers,
hardened cookies.

Wiring only: :mod:`.signin` answers throttled sign-ins and asks for the
second factor before CKAN signs a user in (pages in :mod:`.views`);
:mod:`.headers` adds the headers to every response and hardens the cookie
settings; ``templates/`` with ``assets/forms.js`` replace the templates of
CKAN and ckanext-scheming whose inline scripts the policy forbids; behind a
reverse proxy the client's address comes from X-Forwarded-For
(``trusted_proxies``).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.types import CKANApp
from werkzeug.middleware.proxy_fix import ProxyFix

from ckanext.kommunal.translation import KommunalTranslation

from . import config, signin
from .headers import (
    portal_security_add_headers,
    portal_security_csp_nonce,
    portal_security_harden_cookies,
    portal_security_no_gravatar,
)


@tk.blanket.config_declarations
@tk.blanket.blueprints
@tk.blanket.cli
class PortalSecurityPlugin(KommunalTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.ITranslation)
    p.implements(p.ITemplateHelpers)

    # IConfigurer

    def update_config(self, config_: CKANConfig) -> None:
        # templates/ also replaces CKAN's and scheming's templates that need
        # inline scripts (assets/forms.js does their work)
        tk.add_template_directory(config_, "templates")
        tk.add_resource("assets", "portal_security")
        portal_security_harden_cookies(config_)
        portal_security_no_gravatar(config_)

    # IMiddleware

    def make_middleware(self, app: CKANApp, config_: CKANConfig) -> CKANApp:
        app.after_request(portal_security_add_headers)
        proxies = config.trusted_proxies()
        if proxies > 0:
            # werkzeug's documented way to trust a proxy's headers
            # (mypy sees Flask's method; wrapping wsgi_app is Flask's own idiom)
            app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
                app.wsgi_app, x_for=proxies, x_proto=proxies
            )
        return app

    # IAuthenticator: throttle and second factor before CKAN signs a user in

    def login(self) -> Any:
        return signin.portal_security_login()

    # ITemplateHelpers

    def get_helpers(self) -> dict[str, Any]:
        return {"portal_security_csp_nonce": portal_security_csp_nonce}

    # ISignal

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {
            tk.signals.failed_login: [signin.portal_security_on_failure],
            tk.signals.user_logged_in: [signin.portal_security_on_success],
        }
