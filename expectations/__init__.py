"""The validation gate: great-expectations suites (``suites``) run on every version's
staged shards before it is committed (``gate``), with offline Data Docs (``datadocs``)."""
