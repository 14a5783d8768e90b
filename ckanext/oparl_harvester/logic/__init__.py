"""Logic of the OParl harvester: the harvest source settings.

Its modules:

- :mod:`.schema`: a source's settings (its JSON ``config``): the navl
  schema, :class:`SourceConfig`, :func:`parse_source_config`;
- :mod:`.validators`: the validators of those settings, with messages in the
  portal's language;
- :mod:`.action`: the chained actions: the source form's settings fields
  merged into the JSON text on saving, the harvester's store forgotten when
  ckanext-harvest clears a source or its job history.
"""
