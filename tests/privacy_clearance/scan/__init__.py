def german(message: object) -> str:
    """A scan :class:`~ckanext.privacy_clearance.scan.messages.Message` in
    German, as the clearance page shows it (the compiled German catalogue,
    without CKAN)."""
    import gettext
    from pathlib import Path

    from ckanext.privacy_clearance.scan.messages import Message

    assert isinstance(message, Message)
    root = Path(__file__).parents[3] / "i18n"
    catalogue = gettext.translation("ckanext-privacy_clearance", root, ["de"])
    return message.render(catalogue.gettext)
