"""``ckan portal-security …``: the second factor of an account."""

from __future__ import annotations

import sys

import ckan.plugins.toolkit as tk
import click
from ckan import model

from .secondfactor import portal_security_reset

__all__ = ["portal_security"]


@click.group(name="portal-security", short_help="Anmeldung: zweiter Faktor.")
def portal_security() -> None:
    """Anmeldung (portal_security): zweiter Faktor der Konten."""


@portal_security.command("reset-second-factor")
@click.argument("user")
def reset_second_factor(user: str) -> None:
    """Entfernt den zweiten Faktor eines Kontos (Telefon und Codes verloren);
    bei der nächsten Anmeldung wird er neu eingerichtet, wo er nötig ist."""
    account = model.User.get(user)
    if account is None:
        tk.error_shout(f"Benutzer „{user}“ nicht gefunden.")
        sys.exit(2)
    if portal_security_reset(account.id):
        click.echo(f"Zweiter Faktor von „{account.name}“ entfernt.")
    else:
        click.echo(f"„{account.name}“ hatte keinen zweiten Faktor.")
