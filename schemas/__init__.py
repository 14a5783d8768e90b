"""The bundle's ckanext-scheming schemas and presets, one folder per plugin.

Installed as the package ``ckanext.kommunal.schemas`` (see setup.py), so
settings name them ``ckanext.kommunal.schemas:<plugin>/<file>.yaml``; read
by the forms (scheming), the validators, the RDF profile's labels and the
conformance messages alike.
"""
