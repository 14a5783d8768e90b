"""Logic of the OParl harvester: the harvest source settings."""
