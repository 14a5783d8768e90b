"""OParl harvester: council information systems (OParl 1.0/1.1) as open data."""
